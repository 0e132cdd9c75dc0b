using System.Data;
using FluentData.Dialects;
using FluentMigrator.Runner.VersionTableInfo;

namespace FluentData.Runner.Checkpoints;

/// <summary>
/// Finds FluentData's own tables for a connection — checkpoints and history, in the schema of
/// FluentMigrator's version table — and remembers which migrations of this run were prepared for resuming.
/// </summary>
internal sealed class CheckpointCatalog(IEnumerable<IDataDialect> dialects, IVersionTableMetaData versionTable)
{
    private readonly HashSet<long> _prepared = [];

    public CheckpointStore For(IDbConnection connection)
    {
        var dialect = dialects.For(connection, "An online migration's checkpoint table");
        var schema = string.IsNullOrEmpty(versionTable.SchemaName) ? null : versionTable.SchemaName;
        return new CheckpointStore(dialect, new TableName(schema, CheckpointStore.TableName));
    }

    public History.HistoryStore HistoryFor(IDbConnection connection)
    {
        var dialect = dialects.For(connection, "The history of applied data migrations");
        var schema = string.IsNullOrEmpty(versionTable.SchemaName) ? null : versionTable.SchemaName;
        return new History.HistoryStore(dialect, new TableName(schema, History.HistoryStore.TableName));
    }

    public void Prepared(long version) => _prepared.Add(version);

    public bool WasPrepared(long version) => _prepared.Contains(version);
}
