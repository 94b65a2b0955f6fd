package dev.clusterlink.offsets.sync;

import java.util.List;
import java.util.stream.Collectors;

/**
 * What one sync of a link did.
 *
 * @param groups the groups it looked at, after the writes (a failed write is held with
 * its reason)
 * @param offsetsWritten partition offsets written to the destination
 * @param busy whether nothing ran because another sync of the link held its lock
 */
public record SyncReport(List<GroupPlan> groups, int offsetsWritten, boolean busy) {

	public SyncReport {
		groups = List.copyOf(groups);
	}

	/** Nothing ran: another sync of the link is running. */
	public static SyncReport wasBusy() {
		return new SyncReport(List.of(), 0, true);
	}

	/** Groups synced: not skipped as a whole (some partitions may be held). */
	public int groupsSynced() {
		return (int) this.groups.stream().filter((group) -> group.skipReason() == null).count();
	}

	/** Groups skipped as a whole, e.g. active on the destination. */
	public List<GroupPlan> skipped() {
		return this.groups.stream().filter((group) -> group.skipReason() != null).toList();
	}

	/** One line for a mirror's report and the logs. */
	public String summary() {
		if (this.busy) {
			return "not run: another offset sync of the link was running";
		}
		String text = "synced " + groupsSynced() + " group(s), " + this.offsetsWritten + " offset(s) written";
		List<GroupPlan> skipped = skipped();
		if (skipped.isEmpty()) {
			return text;
		}
		String reasons = skipped.stream()
			.limit(5)
			.map((group) -> group.groupId() + ": " + group.skipReason())
			.collect(Collectors.joining("; "));
		return text + "; skipped " + skipped.size() + " group(s) (" + reasons + ((skipped.size() > 5) ? "; …" : "")
				+ ")";
	}

}
