package dev.clusterlink.linkmanager.mirror;

import org.jspecify.annotations.Nullable;

/**
 * A reverse (failback) of a stopped mirror.
 *
 * @param reverseLink the link that mirrors back: its source cluster is the stopped
 * mirror's destination cluster and its destination cluster the stopped mirror's source
 * cluster; on a bidirectional link it may be left out (or name the link itself): the
 * link's other direction mirrors back
 * @param mode {@code planned-swap} (the default): adopt the old source topic as it is;
 * {@code after-disaster}: archive what the old source topic took after the stop, delete
 * it, and mirror the promoted topic back into a new one at identical offsets
 * @param archiveTopic the archive's name in {@code after-disaster} mode (default
 * {@code <topic>.left-behind.<yyyyMMdd-HHmmss>}, UTC)
 */
public record ReverseRequest(@Nullable String reverseLink, @Nullable String mode, @Nullable String archiveTopic) {
}
