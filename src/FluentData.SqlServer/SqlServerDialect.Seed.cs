using System.Data.Common;
using FluentData.Dialects;
using FluentData.Execution;

namespace FluentData.SqlServer;

/// <summary>
/// A seed on SQL Server: staged in a temporary table, written per range with one <c>MERGE</c> that
/// holds its key range locked from deciding to writing and reports each row's action. Tested on its
/// SQL text only: no SQL Server runs where FluentData is built.
/// </summary>
internal sealed partial class SqlServerDialect
{
    public override TableName SeedStage => new(null, "#fluentdata_seed");

    /// <summary>A shared table lock held to the end of the transaction: other sessions read, none writes.</summary>
    public override string? BuildHoldWrites(TableName table) => $"SELECT TOP (0) 1 FROM {QuoteTable(table)} WITH (TABLOCK, HOLDLOCK)";

    public override string BuildCreateLike(TableName copy, TableSchema table, IReadOnlyList<ColumnSchema> columns, (string Name, string Type) extra) =>
        $"SELECT TOP (0) CAST(NULL AS {extra.Type}) AS {Quote(extra.Name)}, {ColumnList(columns)} INTO {QuoteTable(copy)} FROM {QuoteTable(table.Name)}";

    public override SeedUpsert BuildSeedUpsert(SeedTables seed) =>
        new([(
            "DECLARE @written TABLE ([action] nvarchar(10)); " +
            $"MERGE {QuoteTable(seed.Table.Name)} WITH (HOLDLOCK) AS t USING (SELECT {ColumnList(seed.Columns, "s")} FROM {QuoteTable(seed.Stage)} s WHERE {StagedRange("s")}) AS s " +
            $"ON {KeyMatch(seed, "t", "s")} WHEN MATCHED AND ({Differs(seed, "t", "s")}) THEN UPDATE SET {string.Join(", ", seed.Columns.Select(c => $"{Quote(c.Name)} = s.{Quote(c.Name)}"))} " +
            $"WHEN NOT MATCHED BY TARGET THEN INSERT ({ColumnList(seed.Columns)}) VALUES ({ColumnList(seed.Columns, "s")}) OUTPUT $action INTO @written; " +
            "SELECT COUNT(CASE WHEN [action] = 'INSERT' THEN 1 END), COUNT(CASE WHEN [action] = 'UPDATE' THEN 1 END) FROM @written;",
            SeedUpsertCount.InsertedThenUpdated)]);

    protected override string BuildRestoreUpdate(SeedTables seed, IReadOnlyList<ColumnSchema> restored) =>
        $"UPDATE t SET {string.Join(", ", restored.Select(c => $"{Quote(c.Name)} = u.{Quote(c.Name)}"))} FROM {QuoteTable(seed.Table.Name)} AS t " +
        $"JOIN {QuoteTable(seed.Undo!.Value)} AS u ON {KeyMatch(seed, "t", "u")} WHERE u.{Quote(SeedTables.ChangeColumn)} = 'updated'";

    protected override (string Sql, (string Name, object? Value)[] Parameters) BuildSideEffects(TableSchema table, bool deletes) =>
        ("SELECT 'trigger [' + name + ']' FROM sys.triggers WHERE parent_id = OBJECT_ID(@table) AND is_disabled = 0 " +
         "UNION ALL SELECT 'foreign key [' + name + '] of ' + OBJECT_NAME(parent_object_id) + ' (ON DELETE ' + delete_referential_action_desc + ')' " +
         "FROM sys.foreign_keys WHERE @deletes = 1 AND referenced_object_id = OBJECT_ID(@table) AND delete_referential_action <> 0",
         [("@table", QuoteTable(table.Name)), ("@deletes", deletes)]);

    /// <summary>A unique index (or the primary key) without a filter on exactly the key's columns.</summary>
    internal const string UniqueKeyQuery =
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM sys.indexes i WHERE i.object_id = OBJECT_ID(@table) AND i.is_unique = 1 AND i.has_filter = 0 " +
        "AND (SELECT COUNT(*) FROM sys.index_columns ic WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.is_included_column = 0) = @count " +
        "AND NOT EXISTS (SELECT 1 FROM sys.index_columns ic JOIN sys.columns c ON c.object_id = ic.object_id AND c.column_id = ic.column_id " +
        "WHERE ic.object_id = i.object_id AND ic.index_id = i.index_id AND ic.is_included_column = 0 AND c.name NOT IN (SELECT value FROM STRING_SPLIT(@names, NCHAR(31))))) " +
        "THEN 1 ELSE 0 END";

    public override IReadOnlyList<string?>? UniqueKey(DbConnection connection, DbTransaction? transaction, TableSchema table, IReadOnlyList<ColumnSchema> key)
    {
        using var command = Commands.Create(connection, transaction, UniqueKeyQuery, null,
            ("@table", QuoteTable(table.Name)), ("@count", key.Count), ("@names", string.Join('\u001f', key.Select(k => k.Name))));
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) == 1 ? new string?[key.Count] : null;
    }
}
