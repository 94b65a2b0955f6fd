package dev.clusterlink.testsupport;

import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.common.TopicPartition;

/** The Admin calls tests of every module make on a test cluster, each bounded by 30 s. */
public final class TestAdmin {

	private TestAdmin() {
	}

	/** A new Admin client of a test cluster; the caller closes it. */
	public static Admin admin(String bootstrap) {
		return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap));
	}

	/** Deletes a partition's records before an offset (its log start moves there). */
	public static void deleteRecordsBefore(String bootstrap, TopicPartition tp, long offset) {
		try (Admin admin = admin(bootstrap)) {
			admin.deleteRecords(Map.of(tp, RecordsToDelete.beforeOffset(offset))).all().get(30, TimeUnit.SECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** A partition's offset of a kind (earliest, latest, …). */
	public static long offset(String bootstrap, TopicPartition tp, OffsetSpec spec) {
		try (Admin admin = admin(bootstrap)) {
			return admin.listOffsets(Map.of(tp, spec)).partitionResult(tp).get(30, TimeUnit.SECONDS).offset();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
