package dev.clusterlink.mirrorworker.support;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.logging.Logger;

import javax.sql.DataSource;

import dev.clusterlink.testsupport.TestPostgres;

/** A data source over the test database, for the shared-model readers in tests. */
public final class SimpleDataSource implements DataSource {

	private final TestPostgres.Database db;

	public SimpleDataSource(TestPostgres.Database db) {
		this.db = db;
	}

	@Override
	public Connection getConnection() throws SQLException {
		return this.db.connect();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return this.db.connect();
	}

	@Override
	public PrintWriter getLogWriter() {
		return null;
	}

	@Override
	public void setLogWriter(PrintWriter out) {
	}

	@Override
	public void setLoginTimeout(int seconds) {
	}

	@Override
	public int getLoginTimeout() {
		return 0;
	}

	@Override
	public Logger getParentLogger() {
		return Logger.getGlobal();
	}

	@Override
	public <T> T unwrap(Class<T> iface) throws SQLException {
		throw new SQLException("not a wrapper");
	}

	@Override
	public boolean isWrapperFor(Class<?> iface) {
		return false;
	}

}
