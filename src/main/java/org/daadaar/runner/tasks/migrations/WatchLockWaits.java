package org.daadaar.runner.tasks.migrations;

import java.sql.SQLException;
import org.daadaar.runner.db.LockWaits;
import org.flywaydb.core.api.callback.Callback;
import org.flywaydb.core.api.callback.Context;
import org.flywaydb.core.api.callback.Event;
import org.postgresql.PGConnection;

/** Hands the session that runs each migration to {@link LockWaits}, by its backend pid (no round trip). */
final class WatchLockWaits implements Callback {
    private final LockWaits waits;

    WatchLockWaits(LockWaits waits) {
        this.waits = waits;
    }

    @Override
    public boolean supports(Event event, Context context) {
        return event == Event.BEFORE_EACH_MIGRATE;
    }

    @Override
    public boolean canHandleInTransaction(Event event, Context context) {
        return true;
    }

    @Override
    public void handle(Event event, Context context) {
        try {
            waits.watch(context.getConnection().unwrap(PGConnection.class).getBackendPID());
        } catch (SQLException e) {
            // Not a PostgreSQL connection we can see into: the error then names no lock, nothing worse.
        }
    }

    @Override
    public String getCallbackName() {
        return "db-runner lock-wait watch";
    }
}
