package dev.baton.facts;

import java.util.Arrays;
import java.util.Optional;

/**
 * The property facts that strategies, guards and drivers share, each written {@code
 * <subject>.<key>}: a driver reports them, a condition or guard reads them. One list, so that a key
 * cannot be spelt two ways on the two sides.
 */
public enum Property {
  /** Whether a component's product is installed ({@code yes}/{@code no}). */
  INSTALLED("installed"),
  /** Whether a node's failover connections are pinned to its own side ({@code yes}/{@code no}). */
  FAILOVER_PINNED("failover-pinned"),
  /** The hosts entries a pin wrote. */
  FAILOVER_ENTRIES("failover-entries"),
  /** The backup a database was restored from, as {@code <component>:<label>}. */
  RESTORED_FROM("restored-from"),
  /** How a database is provisioned ({@code independent} while split). */
  PROVISIONING("provisioning"),
  /** What a side changed while it ran alone, as the product lists it. */
  SPLIT_CHANGES("split-changes"),
  /** When a replication link was removed (an ISO-8601 instant). */
  REMOVED_AT("removed-at"),
  /** The label of the newest backup of a master secret. */
  SECRET_BACKUP("secret-backup"),
  /** Whether a clustered resource is {@code online} or {@code offline}. */
  CLUSTER_STATE("cluster-state"),
  /** The node that owns a clustered resource. */
  OWNER("owner"),
  /** The master secret server a node's service names. */
  MASTER("master"),
  /** The ports a component listens on. */
  PORTS("ports"),
  /** A fingerprint of the passphrase a component was installed with. */
  PASSPHRASE_FINGERPRINT("passphrase-fingerprint"),
  /** The result of a database integrity check. */
  INTEGRITY("integrity"),
  /** Warnings the newest backup reported. */
  BACKUP_WARNINGS("backup_warnings"),
  /** Free bytes on the volume holding a database. */
  FREE_BYTES("free_bytes"),
  /** The size of a database's log. */
  LOG_BYTES("log_bytes"),
  /** The size of a database's largest data file. */
  DATA_BYTES("data_bytes"),
  /** Whether a server archives its write-ahead log. */
  ARCHIVING("archiving"),
  /** Whether a server has a restore command, so that it can recover from the archive. */
  RESTORE_COMMAND_SET("restore_command_set"),
  /** How far a server's data reaches: its write-ahead log position. */
  DATA_LSN("data_lsn"),
  /** Where {@link #DATA_LSN} was read. */
  DATA_LSN_FROM("data_lsn_from"),
  /** The timeline of a server's data. */
  DATA_TIMELINE("data_timeline"),
  /** When a server last checkpointed. */
  CHECKPOINT_TIME("checkpoint_time"),
  /** When a standby last replayed a transaction. */
  LAST_REPLAY_TIME("last_replay_time"),
  /** Whether a standby's replay is paused. */
  REPLAY_PAUSED("replay_paused"),
  /** A replication link's synchronous state ({@code sync}, {@code async}, …). */
  SYNC_STATE("sync_state"),
  /** A running server's write-ahead log position. */
  LSN("lsn"),
  /** A server's timeline. */
  TIMELINE("timeline"),
  /** A server's state in a word, or why it cannot be read. */
  STATE("state"),
  /** Why a node, or a pooler, cannot be reached. */
  UNREACHABLE("unreachable"),
  /**
   * What a server's fence agent answers about its node when Baton cannot reach it: {@code off},
   * {@code on}, or why it could not tell.
   */
  FENCE("fence"),
  /**
   * Whether a pooler holds an entry point's clients: {@code false}, {@code pausing} (waiting for
   * running transactions) or {@code true}.
   */
  PAUSED("paused"),
  /** How many clients wait at a pooler for a server connection. */
  WAITING_CLIENTS("waiting-clients"),
  /** A pooler's pool mode for an entry point's database ({@code transaction}, {@code session}). */
  POOL_MODE("pool-mode"),
  /** How long a pooler lets a client wait for a server, in milliseconds (0: for ever). */
  QUERY_WAIT_TIMEOUT_MS("query-wait-timeout-ms"),
  /** The address a pooler sends an entry point's clients to, as {@code host:port}. */
  POOLER_TARGET("target"),
  /**
   * Tables that logical replication cannot update or delete in (no primary key and no replica
   * identity), as {@code database:schema.table}, comma-separated; empty when there are none.
   */
  KEYLESS_TABLES("keyless-tables"),
  /**
   * Large objects, which logical replication does not carry: {@code database:oid}, comma-separated.
   */
  LARGE_OBJECTS("large-objects"),
  /** Unlogged tables, which logical replication does not carry. */
  UNLOGGED_TABLES("unlogged-tables"),
  /** The extensions a server's databases use, as {@code database:name}. */
  EXTENSIONS("extensions"),
  /** The extensions a server's binaries offer, comma-separated. */
  AVAILABLE_EXTENSIONS("available-extensions"),
  /** A server's {@code wal_level}. */
  WAL_LEVEL("wal-level"),
  /** How many more replication slots a server can create. */
  FREE_SLOTS("free-slots"),
  /** How many more WAL senders a server can start. */
  FREE_SENDERS("free-senders"),
  /** The size of all of a server's databases, in bytes. */
  DATABASE_BYTES("database-bytes"),
  /** How a schema changed since a copy began (DDL is not replicated); empty when it did not. */
  SCHEMA_DRIFT("schema-drift"),
  /**
   * The state of a new-major copy: {@code absent}, {@code ours} (an unfinished copy Baton made),
   * {@code foreign} (a data directory Baton did not make), {@code running}, {@code copying} or
   * {@code synced}.
   */
  COPY_STATE("copy-state"),
  /** The databases of a server that default to read-only transactions (fenced writes). */
  READ_ONLY("read-only"),
  /** The components a server follows by logical replication now, comma-separated. */
  SUBSCRIBED_TO("subscribed-to");

  private final String key;

  Property(String key) {
    this.key = key;
  }

  /** The key as written after the subject, e.g. {@code failover-pinned}. */
  public String key() {
    return key;
  }

  /** The fact's full subject, e.g. {@code db-a.failover-pinned}. */
  public String of(String subject) {
    return subject + "." + key;
  }

  public static Optional<Property> parse(String key) {
    return Arrays.stream(values()).filter(p -> p.key.equals(key)).findFirst();
  }
}
