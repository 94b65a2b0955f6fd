package dev.clusterlink.runtime.offsets;

import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import dev.clusterlink.kafka.KafkaErrors;
import dev.clusterlink.offsets.sync.DestinationGroup;
import dev.clusterlink.runtime.offsets.GroupOffsetSync.LinkClusters;
import dev.clusterlink.runtime.kafka.ClusterSide;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsResult;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.ListGroupsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupType;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Admin reads of one sync: consumer groups and their commits on the source, end
 * offsets and groups on the destination. Each call is bounded by the sync's timeout; a
 * read the whole round needs throws {@link OffsetSyncException}, a read of one group
 * records why for that group only. Reasons never carry a secret of the link's clusters.
 */
final class SyncReads {

	private static final Logger log = LoggerFactory.getLogger(SyncReads.class);

	private final LinkClusters clusters;

	private final SyncOptions options;

	SyncReads(LinkClusters clusters, SyncOptions options) {
		this.clusters = clusters;
		this.options = options;
	}

	/** Every consumer group of the source (classic and KIP-848), by name. */
	Set<String> listSourceGroups() {
		Collection<GroupListing> listings = await(ClusterSide.SOURCE, "listGroups",
				this.clusters.source().listGroups(new ListGroupsOptions()).all());
		Set<String> groups = new TreeSet<>();
		for (GroupListing listing : listings) {
			if (isConsumerGroup(listing)) {
				groups.add(listing.groupId());
			}
		}
		return groups;
	}

	/**
	 * The groups' commits on some topics; groups without any are left out, groups that
	 * could not be read go to {@code failed}.
	 */
	Map<String, Map<TopicPartition, OffsetAndMetadata>> sourceCommits(List<String> groups, Set<String> topics,
			Map<String, String> failed) {
		Map<String, Map<TopicPartition, OffsetAndMetadata>> commits = new LinkedHashMap<>();
		if (groups.isEmpty()) {
			return commits;
		}
		Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
		groups.forEach((group) -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
		ListConsumerGroupOffsetsResult result = this.clusters.source().listConsumerGroupOffsets(specs);
		for (String group : groups) {
			Map<TopicPartition, OffsetAndMetadata> offsets;
			try {
				offsets = awaitOne(result.partitionsToOffsetAndMetadata(group));
			}
			catch (Exception ex) {
				if (KafkaErrors.unwrap(ex) instanceof GroupIdNotFoundException) {
					continue; // deleted meanwhile
				}
				failed.put(group, "reading its committed offsets on the source failed: " + describe(ex));
				continue;
			}
			Map<TopicPartition, OffsetAndMetadata> relevant = new LinkedHashMap<>();
			offsets.forEach((tp, committed) -> {
				if (committed != null && topics.contains(tp.topic())) {
					relevant.put(tp, committed);
				}
			});
			if (!relevant.isEmpty()) {
				commits.put(group, relevant);
			}
		}
		return commits;
	}

	/**
	 * Offsets of destination partitions; a partition the destination does not report is
	 * left out (its commits are held).
	 */
	Map<TopicPartition, Long> destinationOffsets(Set<TopicPartition> partitions, OffsetSpec spec) {
		Map<TopicPartition, Long> offsets = new HashMap<>();
		if (partitions.isEmpty()) {
			return offsets;
		}
		Map<TopicPartition, OffsetSpec> request = new HashMap<>();
		partitions.forEach((tp) -> request.put(tp, spec));
		ListOffsetsResult result = this.clusters.destination().listOffsets(request);
		Exception first = null;
		for (TopicPartition tp : partitions) {
			try {
				offsets.put(tp, awaitOne(result.partitionResult(tp)).offset());
			}
			catch (Exception ex) {
				first = (first != null) ? first : ex;
				log.debug("listOffsets({}): not available on the destination: {}", tp, ex.toString());
			}
		}
		if (offsets.isEmpty() && first != null) {
			throw new OffsetSyncException(ClusterSide.DESTINATION, "listOffsets", KafkaErrors.unwrap(first));
		}
		return offsets;
	}

	/** Members, state and commits of the groups on the destination. */
	Map<String, DestinationGroup> destinationGroups(Set<String> groups, Map<String, String> failed) {
		Map<String, DestinationGroup> found = new HashMap<>();
		if (groups.isEmpty()) {
			return found;
		}
		Map<String, KafkaFuture<ConsumerGroupDescription>> descriptions = this.clusters.destination()
			.describeConsumerGroups(groups)
			.describedGroups();
		Map<String, ListConsumerGroupOffsetsSpec> specs = new LinkedHashMap<>();
		groups.forEach((group) -> specs.put(group, new ListConsumerGroupOffsetsSpec()));
		ListConsumerGroupOffsetsResult offsets = this.clusters.destination().listConsumerGroupOffsets(specs);
		for (String group : groups) {
			try {
				ConsumerGroupDescription description = describeOrNull(descriptions.get(group));
				Map<TopicPartition, OffsetAndMetadata> committed = offsetsOrEmpty(
						offsets.partitionsToOffsetAndMetadata(group));
				found.put(group, (description != null)
						? new DestinationGroup(description.members().size(), description.groupState(), committed)
						: new DestinationGroup(0, null, committed));
			}
			catch (Exception ex) {
				failed.putIfAbsent(group, "reading the group on the destination failed: " + describe(ex));
			}
		}
		return found;
	}

	private <T> T await(ClusterSide side, String operation, KafkaFuture<T> future) {
		try {
			return awaitOne(future);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new OffsetSyncException(side, operation, ex);
		}
		catch (Exception ex) {
			throw new OffsetSyncException(side, operation, KafkaErrors.unwrap(ex));
		}
	}

	<T> T awaitOne(KafkaFuture<T> future) throws InterruptedException, ExecutionException, TimeoutException {
		return future.get(this.options.timeout().toMillis() + 1_000, TimeUnit.MILLISECONDS);
	}

	private @Nullable ConsumerGroupDescription describeOrNull(KafkaFuture<ConsumerGroupDescription> future)
			throws Exception {
		try {
			return awaitOne(future);
		}
		catch (ExecutionException ex) {
			if (KafkaErrors.unwrap(ex) instanceof GroupIdNotFoundException) {
				return null;
			}
			throw ex;
		}
	}

	private Map<TopicPartition, OffsetAndMetadata> offsetsOrEmpty(
			KafkaFuture<Map<TopicPartition, OffsetAndMetadata>> future) throws Exception {
		try {
			Map<TopicPartition, OffsetAndMetadata> offsets = awaitOne(future);
			Map<TopicPartition, OffsetAndMetadata> present = new HashMap<>();
			offsets.forEach((tp, committed) -> {
				if (committed != null) {
					present.put(tp, committed);
				}
			});
			return present;
		}
		catch (ExecutionException ex) {
			if (KafkaErrors.unwrap(ex) instanceof GroupIdNotFoundException) {
				return Map.of();
			}
			throw ex;
		}
	}

	String describe(Exception failure) {
		if (failure instanceof InterruptedException) {
			Thread.currentThread().interrupt();
			return "interrupted";
		}
		if (failure instanceof TimeoutException) {
			return "no answer within " + this.options.timeout().toSeconds() + "s";
		}
		return KafkaErrors.describe(failure, this.clusters.secrets());
	}

	/**
	 * Groups that commit offsets of topics: classic groups of the consumer protocol (and
	 * simple groups, which only commit), and KIP-848 consumer groups. Connect, share and
	 * streams groups are not.
	 */
	static boolean isConsumerGroup(GroupListing listing) {
		Optional<GroupType> type = listing.type();
		if (type.isPresent() && (type.get() == GroupType.SHARE || type.get() == GroupType.STREAMS)) {
			return false;
		}
		String protocol = listing.protocol();
		return protocol == null || protocol.isEmpty() || protocol.equals("consumer");
	}

}
