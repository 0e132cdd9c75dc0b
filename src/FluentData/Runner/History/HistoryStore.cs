using System.Data.Common;
using System.Globalization;
using FluentData.Dialects;
using FluentData.Execution;

namespace FluentData.Runner.History;

/// <summary>
/// The fingerprint of each applied <see cref="DataMigration"/>'s <c>Up()</c>, in a table next to
/// FluentMigrator's version table, written and removed with the version row itself: a migration
/// edited after it ran no longer matches it.
/// </summary>
internal sealed class HistoryStore(IDataDialect dialect, TableName table)
{
    public const string TableName = "FluentDataHistory";

    private readonly string _table = dialect.QuoteTable(table);

    public bool Exists(DbConnection connection, DbTransaction? transaction) =>
        dialect.ReadSchema(connection, transaction, table) is not null;

    /// <summary>Records a version's fingerprint, replacing an earlier one.</summary>
    public void Record(DbConnection connection, DbTransaction? transaction, long version, string fingerprint)
    {
        Execute(connection, transaction, dialect.BuildCreateHistoryTable(table));
        Forget(connection, transaction, version);
        Execute(connection, transaction,
            $"INSERT INTO {_table} ({Q("version")}, {Q("fingerprint")}, {Q("applied_at")}) VALUES (@version, @fingerprint, @applied_at)",
            ("@version", version), ("@fingerprint", fingerprint), ("@applied_at", DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture)));
    }

    public void Forget(DbConnection connection, DbTransaction? transaction, long version)
    {
        if (Exists(connection, transaction))
            Execute(connection, transaction, $"DELETE FROM {_table} WHERE {Q("version")} = @version", ("@version", version));
    }

    /// <summary>Every recorded fingerprint by version; none before the table exists.</summary>
    public Dictionary<long, string> Load(DbConnection connection, DbTransaction? transaction)
    {
        var fingerprints = new Dictionary<long, string>();
        if (!Exists(connection, transaction))
            return fingerprints;
        using var command = Commands.Create(connection, transaction, $"SELECT {Q("version")}, {Q("fingerprint")} FROM {_table}");
        using var reader = command.ExecuteReader();
        while (reader.Read())
            fingerprints[Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture)] = reader.GetString(1);
        return fingerprints;
    }

    private string Q(string column) => dialect.Quote(column);

    private static void Execute(DbConnection connection, DbTransaction? transaction, string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Commands.Create(connection, transaction, sql, null, parameters);
        command.ExecuteNonQuery();
    }
}
