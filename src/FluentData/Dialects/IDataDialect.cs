using System.Data;
using System.Data.Common;

namespace FluentData.Dialects;

/// <summary>
/// Everything that differs per database: quoting, reading the catalog, the keyset query and the
/// batch write. Building SQL is pure (schema in, text out) so its text can be tested exactly.
/// </summary>
internal interface IDataDialect
{
    /// <summary>The database's name in messages, e.g. "PostgreSQL".</summary>
    string Name { get; }

    /// <summary>Whether this dialect speaks to the given connection's database.</summary>
    bool CanHandle(IDbConnection connection);

    /// <summary>Quotes one identifier (table, column or schema name).</summary>
    string Quote(string identifier);

    /// <summary>The table's columns, or <see langword="null"/> when the table does not exist.</summary>
    TableSchema? ReadSchema(DbConnection connection, DbTransaction? transaction, TableName table);

    /// <summary>
    /// The keyset query: every column of the table, rows after <c>@after</c> (when
    /// <paramref name="afterKey"/>) matching <paramref name="filter"/>, in key order, at most <c>@limit</c>.
    /// </summary>
    string BuildSelectBatch(TableSchema table, string? filter, bool afterKey);

    /// <summary>A writer for the given target columns, reused for every batch of one transform.</summary>
    IBatchWriter CreateWriter(TableSchema table, IReadOnlyList<ColumnSchema> targets);
}
