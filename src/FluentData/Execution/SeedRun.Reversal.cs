using System.Data.Common;
using System.Globalization;
using FluentData.Dialects;
using FluentData.Expressions;

namespace FluentData.Execution;

/// <summary>What a reversed seed keeps for its generated <c>Down()</c>.</summary>
internal sealed partial class SeedRun
{
    /// <summary>The columns a reversed seed keeps of a row it deletes: all that can be written back.</summary>
    private List<ColumnSchema> Kept => [.. table.Columns.Where(c => !c.IsGenerated)];

    /// <summary>
    /// The tables a reversed seed keeps what <c>Down()</c> restores in, made now unless an
    /// interrupted online run made them (what they hold then is kept: it is what the table held
    /// before that run). Deleted rows can be given back exactly only without generated columns, and
    /// no row exactly where a trigger or a cascading foreign key writes more than the seed does.
    /// </summary>
    private SeedTables Reversed()
    {
        var undo = new TableName(seed.SchemaName, seed.UndoTable!);
        var deleted = seed.DeleteOthers ? new TableName(seed.SchemaName, seed.UndoTable + "_deleted") : (TableName?)null;
        if (deleted is not null && table.Columns.FirstOrDefault(c => c.IsGenerated) is { } generated)
        {
            throw new DataMigrationException(
                $"Seed of {seed.Target} in {seed.Migration} cannot be reversed exactly: DeleteOthers() deletes rows whose '{generated.Name}' the database generates, " +
                "so the generated Down() could not insert them back as they were. Nothing was changed. Leave out DeleteOthers(), or derive from DataMigration and write Down() yourself.")
            {
                Migration = seed.Migration,
                Table = seed.TableName,
                Column = generated.Name,
            };
        }

        if (dialect.SideEffects(connection, transaction, table, deletes: seed.DeleteOthers) is [_, ..] effects)
        {
            throw new DataMigrationException(
                $"Seed of {seed.Target} in {seed.Migration} cannot be reversed exactly: writing its rows also runs {string.Join(", ", effects)}, " +
                "whose changes the generated Down() could not take back (a trigger sets its columns again as Down() restores them, a cascade has already gone). " +
                "Nothing was changed. Derive from DataMigration and write Down() yourself.")
            {
                Migration = seed.Migration,
                Table = seed.TableName,
            };
        }

        Keep(undo, _rows.Columns);
        if (deleted is not null)
            Keep(deleted.Value, Kept);
        return Tables() with { Undo = undo, UndoDeleted = deleted };
    }

    private void Keep(TableName name, IReadOnlyList<ColumnSchema> columns)
    {
        if (dialect.ReadSchema(connection, transaction, name) is not { } existing)
        {
            Execute(dialect.BuildCreateLike(name, table, columns, (SeedTables.ChangeColumn, "varchar(10)")));
            return;
        }

        if (!existing.Columns.Skip(1).Select(c => c.Name).SequenceEqual(columns.Select(c => c.Name)))
        {
            throw new DataMigrationException(
                $"Seed of {seed.Target} in {seed.Migration} keeps what its generated Down() restores in {name}, which already exists with other columns " +
                $"({string.Join(", ", existing.Columns.Select(c => c.Name))}). Nothing was changed. A table of that name that FluentData did not make must be renamed.")
            {
                Migration = seed.Migration,
                Table = seed.TableName,
            };
        }
    }
}
