package dev.clusterlink.offsetsync.support;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import dev.clusterlink.testsupport.TestPostgres;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Plays the mirror worker for offset sync tests: a mirror row, a destination topic, and
 * copies of source records made by reading the source and producing to the destination.
 * Records what a worker records ({@code mirror_partitions} with the offset mode, the runs
 * of TRANSLATED partitions in {@code mirror_offset_ranges}, the progress), computed from
 * the offsets the copies really got: IDENTICAL when source and destination offsets agree,
 * SHIFTED when they differ by one delta, TRANSLATED when the source has gaps (transaction
 * markers).
 */
public final class MirrorFixture {

	private final UUID id;

	private final String sourceTopic;

	private final String mirrorTopic;

	private final Map<Integer, Copy> partitions = new HashMap<>();

	private MirrorFixture(UUID id, String sourceTopic, String mirrorTopic) {
		this.id = id;
		this.sourceTopic = sourceTopic;
		this.mirrorTopic = mirrorTopic;
	}

	/**
	 * An ACTIVE mirror of a source topic that exists, with its destination topic created.
	 */
	public static MirrorFixture create(UUID linkId, UUID destinationClusterId, String sourceTopic, String mirrorTopic,
			int partitions) {
		Kafka.createTopic(Kafka.destination(), mirrorTopic, partitions);
		UUID id = UUID.randomUUID();
		update("insert into mirrors (id, link_id, destination_cluster_id, name, source_topic, state, state_changed_at, "
				+ "version, created_at, updated_at) values (?, ?, ?, ?, ?, 'ACTIVE', now(), 0, now(), now())", id,
				linkId, destinationClusterId, mirrorTopic, sourceTopic);
		return new MirrorFixture(id, sourceTopic, mirrorTopic);
	}

	public UUID id() {
		return this.id;
	}

	public String sourceTopic() {
		return this.sourceTopic;
	}

	public String mirrorTopic() {
		return this.mirrorTopic;
	}

	public TopicPartition source(int partition) {
		return new TopicPartition(this.sourceTopic, partition);
	}

	public TopicPartition destination(int partition) {
		return new TopicPartition(this.mirrorTopic, partition);
	}

	/** Copies a source partition up to its end (last stable offset). */
	public MirrorFixture copyAll(int partition) {
		return copy(partition, Kafka.offset(Kafka.source(), source(partition), OffsetSpec.latest()));
	}

	/**
	 * Copies the source records before {@code until} that are not copied yet, then
	 * records the partition as a worker would: mode, runs, progress {@code until}.
	 */
	public MirrorFixture copy(int partition, long until) {
		Copy copy = this.partitions.computeIfAbsent(partition,
				(p) -> new Copy(Kafka.offset(Kafka.source(), source(p), OffsetSpec.earliest())));
		List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
		for (ConsumerRecord<byte[], byte[]> record : Kafka.read(Kafka.source(), source(partition), copy.mirrored)) {
			if (record.offset() < until) {
				records.add(record);
			}
		}
		try (KafkaProducer<byte[], byte[]> producer = Kafka.producer(Kafka.destination(), null)) {
			for (ConsumerRecord<byte[], byte[]> record : records) {
				RecordMetadata sent = producer
					.send(new ProducerRecord<>(this.mirrorTopic, partition, record.timestamp(), record.key(),
							record.value(), record.headers()))
					.get(30, TimeUnit.SECONDS);
				if (sent.offset() != copy.destinationEnd) {
					throw new IllegalStateException("copy of " + record.offset() + " went to " + sent.offset()
							+ ", expected " + copy.destinationEnd);
				}
				if (record.offset() != copy.nextSource || copy.runs.isEmpty()) {
					copy.runs.add(new long[] { record.offset(), copy.destinationEnd });
				}
				copy.destinationEnd++;
				copy.nextSource = record.offset() + 1;
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
		copy.mirrored = Math.max(copy.mirrored, until);
		store(partition, copy, copy.mirrored, "ACTIVE");
		return this;
	}

	/**
	 * Records other progress than the copies reached, e.g. progress a worker had not
	 * written yet.
	 */
	public MirrorFixture recordProgress(int partition, long mirrored) {
		Copy copy = this.partitions.get(partition);
		store(partition, copy, mirrored, "ACTIVE");
		return this;
	}

	/** Records a partition state, e.g. a halt. */
	public MirrorFixture partitionState(int partition, String state) {
		Copy copy = this.partitions.get(partition);
		store(partition, copy, copy.mirrored, state);
		return this;
	}

	/** A partition the worker is still setting up: no offset mode yet. */
	public MirrorFixture settingUp(int partition) {
		update("insert into mirror_partitions (mirror_id, partition, state, start_offset, updated_at) "
				+ "values (?, ?, 'SETTING_UP', 0, now())", this.id, partition);
		return this;
	}

	/** Changes the mirror state as the link manager and worker would. */
	public MirrorFixture state(String state, String stoppedBy) {
		update("update mirrors set state = ?, stopped_by = ?, state_changed_at = now(), version = version + 1 "
				+ "where id = ?", state, stoppedBy, this.id);
		return this;
	}

	/** The offset mode recorded for a partition. */
	public String mode(int partition) {
		return this.partitions.get(partition).mode();
	}

	private void store(int partition, Copy copy, long mirrored, String state) {
		String mode = copy.mode();
		long start = copy.runs.isEmpty() ? copy.start : copy.runs.get(0)[0];
		long delta = copy.runs.isEmpty() ? copy.start : copy.runs.get(0)[0] - copy.runs.get(0)[1];
		update("insert into mirror_partitions (mirror_id, partition, state, offset_mode, start_offset, offset_delta, "
				+ "mirrored_offset, destination_end_offset, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, now()) "
				+ "on conflict (mirror_id, partition) do update set state = excluded.state, "
				+ "offset_mode = excluded.offset_mode, start_offset = excluded.start_offset, "
				+ "offset_delta = excluded.offset_delta, mirrored_offset = excluded.mirrored_offset, "
				+ "destination_end_offset = excluded.destination_end_offset, version = mirror_partitions.version + 1, "
				+ "updated_at = now()", this.id, partition, state, mode, start, delta, mirrored, copy.destinationEnd);
		update("delete from mirror_offset_ranges where mirror_id = ? and partition = ?", this.id, partition);
		if (mode.equals("TRANSLATED")) {
			for (long[] run : copy.runs) {
				update("insert into mirror_offset_ranges (mirror_id, partition, source_start, destination_start) "
						+ "values (?, ?, ?, ?)", this.id, partition, run[0], run[1]);
			}
		}
	}

	static void update(String sql, Object... args) {
		try (Connection connection = TestPostgres.database().connect();
				PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			statement.executeUpdate();
		}
		catch (Exception ex) {
			throw new IllegalStateException(sql + ": " + ex.getMessage(), ex);
		}
	}

	/** What has been copied of one partition. */
	private static final class Copy {

		private final long start;

		private final List<long[]> runs = new ArrayList<>();

		private long mirrored;

		private long nextSource;

		private long destinationEnd;

		Copy(long start) {
			this.start = start;
			this.mirrored = start;
			this.nextSource = start;
		}

		String mode() {
			if (this.runs.size() > 1) {
				return "TRANSLATED";
			}
			long delta = this.runs.isEmpty() ? this.start : this.runs.get(0)[0] - this.runs.get(0)[1];
			return (delta == 0) ? "IDENTICAL" : "SHIFTED";
		}

	}

}
