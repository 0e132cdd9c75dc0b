using System.Data;
using FluentData.Dialects;
using FluentData.Execution;
using Npgsql;

namespace FluentData.Postgres;

/// <summary>
/// Opens a second connection — the one a C# transform reads ahead on, or one that transforms parts
/// of the table (<c>InParallel</c>) — only when it provably sees what
/// the migration's connection sees: the same role, every setting the same (search_path, TimeZone,
/// isolation and the rest — a migration may have run <c>SET</c> before the transform; a reader in
/// READ COMMITTED matches only a migration in READ COMMITTED), no temporary table in the session
/// (the transform's table, or one its filter or SQL value reads), and, in a transaction, nothing written yet.
/// Otherwise the reads stay on the migration's connection.
/// </summary>
internal static class PostgresReadAhead
{
    /// <summary>
    /// Who the session is and how it is set, hashed: two sessions that agree read the same rows the
    /// same way. An extension's settings (<c>plpgsql.*</c>) appear in a session only once it has
    /// loaded the extension — any trigger in PL/pgSQL does — so those still at their defaults are
    /// left out; a custom setting someone SET (<c>app.tenant</c>, read by a row-level security
    /// policy) is not at its default and counts.
    /// </summary>
    internal const string SessionStateSql = """
        SELECT current_user::text || '|' || session_user::text || '|' ||
               md5(string_agg(s.name || '=' || COALESCE(s.setting, ''), ',' ORDER BY s.name))
        FROM pg_catalog.pg_settings s
        WHERE s.name NOT IN ('application_name')
          AND NOT (s.name LIKE '%.%' AND s.source = 'default')
        """;

    /// <summary>Whether the session has temporary tables, which a filter or a SQL value may read and no other session sees.</summary>
    private const string HasTemporaryTablesSql = "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_class WHERE relnamespace = pg_catalog.pg_my_temp_schema())";

    /// <summary>
    /// Online, every read commits on its own. In a transaction the reader holds the table's share
    /// lock for the whole transform, taken without waiting: queued behind another session's
    /// lock request, which waits for the migration, it would wait for ever.
    /// </summary>
    public static ReadAheadConnection? Open(NpgsqlConnection connection, NpgsqlTransaction? transaction, TableSchema table, string quotedTable)
    {
        if (table.IsTemporary || Scalar(connection, transaction, HasTemporaryTablesSql) is true)
            return null;
        if (transaction is not null && Scalar(connection, transaction, "SELECT txid_current_if_assigned() IS NOT NULL") is not false)
            return null;

        var reader = (NpgsqlConnection)((ICloneable)connection).Clone();
        try
        {
            reader.Open();
        }
        catch (NpgsqlException)
        {
            // No connection to spare (max_connections, a pooler's limit): the reads stay where they were.
            reader.Dispose();
            return null;
        }

        NpgsqlTransaction? readTransaction = null;
        try
        {
            if (transaction is not null)
            {
                readTransaction = reader.BeginTransaction(IsolationLevel.ReadCommitted);
                using var share = new NpgsqlCommand($"LOCK TABLE {quotedTable} IN ACCESS SHARE MODE NOWAIT", reader, readTransaction);
                share.ExecuteNonQuery();
            }

            if (Equals(Scalar(reader, readTransaction, SessionStateSql), Scalar(connection, transaction, SessionStateSql)))
                return new ReadAheadConnection(reader, readTransaction);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
        }

        readTransaction?.Dispose();
        reader.Dispose();
        return null;
    }

    private static object? Scalar(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql)
    {
        using var command = new NpgsqlCommand(sql, connection, transaction);
        return command.ExecuteScalar();
    }
}
