package dev.clusterlink.runtime.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

import javax.sql.DataSource;

import org.jspecify.annotations.Nullable;

/**
 * The plain-JDBC plumbing of the state-store classes, once: a connection per call (or per
 * transaction), statements bound in order, and every {@link SQLException} turned into a
 * {@link StateStoreException} that names what was attempted ({@code "<what> failed:
 * <cause>"}). The SQL stays in the stores.
 */
public final class Jdbc {

	private final DataSource dataSource;

	public Jdbc(DataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Rows of a query, arguments bound with {@code setObject} in order.
	 * @param what the attempted operation, for the exception
	 */
	public <T> List<T> query(String what, String sql, RowMapper<T> mapper, Object... args) {
		return withConnection(what, (connection) -> query(connection, sql, mapper, args));
	}

	/** The first row of a query, if any. */
	public <T> Optional<T> queryOne(String what, String sql, RowMapper<T> mapper, Object... args) {
		return query(what, sql, mapper, args).stream().findFirst();
	}

	/**
	 * One statement whose parameters the caller binds.
	 * @return the update count
	 */
	public int update(String what, String sql, Binder binder) {
		return withConnection(what, (connection) -> {
			try (PreparedStatement statement = connection.prepareStatement(sql)) {
				binder.bind(statement);
				return statement.executeUpdate();
			}
		});
	}

	/** One statement executed as a batch, one entry per item; nothing when empty. */
	public <T> void batch(String what, String sql, Collection<T> items, ItemBinder<T> binder) {
		if (items.isEmpty()) {
			return;
		}
		withConnection(what, (connection) -> {
			batch(connection, sql, items, binder);
			return null;
		});
	}

	/** Work on one connection of its own, closed afterwards. */
	public <T> T withConnection(String what, Work<T> work) {
		try (Connection connection = this.dataSource.getConnection()) {
			return work.run(connection);
		}
		catch (SQLException ex) {
			throw new StateStoreException(what + " failed: " + ex.getMessage(), ex);
		}
	}

	/** Work in one transaction: committed when it returns, rolled back when it throws. */
	public <T> T inTransaction(String what, Work<T> work) {
		return withConnection(what, (connection) -> {
			boolean autoCommit = connection.getAutoCommit();
			connection.setAutoCommit(false);
			try {
				T result = work.run(connection);
				connection.commit();
				return result;
			}
			catch (SQLException | RuntimeException ex) {
				connection.rollback();
				throw ex;
			}
			finally {
				connection.setAutoCommit(autoCommit);
			}
		});
	}

	/** Rows of a query on a connection the caller holds (e.g. in a transaction). */
	public static <T> List<T> query(Connection connection, String sql, RowMapper<T> mapper, Object... args)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (int i = 0; i < args.length; i++) {
				statement.setObject(i + 1, args[i]);
			}
			List<T> rows = new ArrayList<>();
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					rows.add(mapper.map(rs));
				}
			}
			return rows;
		}
	}

	/** A batch on a connection the caller holds. */
	public static <T> void batch(Connection connection, String sql, Collection<T> items, ItemBinder<T> binder)
			throws SQLException {
		try (PreparedStatement statement = connection.prepareStatement(sql)) {
			for (T item : items) {
				binder.bind(statement, item);
				statement.addBatch();
			}
			statement.executeBatch();
		}
	}

	/** A nullable BIGINT column. */
	public static @Nullable Long longOrNull(ResultSet rs, int column) throws SQLException {
		long value = rs.getLong(column);
		return rs.wasNull() ? null : value;
	}

	/** A nullable timestamp column. */
	public static @Nullable Instant instant(ResultSet rs, int column) throws SQLException {
		Timestamp timestamp = rs.getTimestamp(column);
		return (timestamp != null) ? timestamp.toInstant() : null;
	}

	/** Binds a nullable BIGINT parameter. */
	public static void setLong(PreparedStatement statement, int index, @Nullable Long value) throws SQLException {
		if (value == null) {
			statement.setNull(index, Types.BIGINT);
		}
		else {
			statement.setLong(index, value);
		}
	}

	/** Maps the current row. */
	@FunctionalInterface
	public interface RowMapper<T> {

		T map(ResultSet rs) throws SQLException;

	}

	/** Binds the parameters of a statement. */
	@FunctionalInterface
	public interface Binder {

		void bind(PreparedStatement statement) throws SQLException;

	}

	/** Binds the parameters of one batch entry. */
	@FunctionalInterface
	public interface ItemBinder<T> {

		void bind(PreparedStatement statement, T item) throws SQLException;

	}

	/** Work on a connection. */
	@FunctionalInterface
	public interface Work<T> {

		@Nullable T run(Connection connection) throws SQLException;

	}

}
