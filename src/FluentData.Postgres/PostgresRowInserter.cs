using System.Data.Common;
using FluentData.Dialects;
using Npgsql;

namespace FluentData.Postgres;

/// <summary>Inserts a batch as one <c>INSERT ... SELECT FROM unnest(...)</c>, one typed array per column.</summary>
internal sealed class PostgresRowInserter(string insertSql, IReadOnlyList<ColumnSchema> columns) : IRowInserter
{
    public int Insert(DbConnection connection, DbTransaction? transaction, object?[][] values, int count)
    {
        using var command = new NpgsqlCommand(insertSql, (NpgsqlConnection)connection, (NpgsqlTransaction?)transaction);
        for (var i = 0; i < columns.Count; i++)
            command.Parameters.Add(PostgresArrays.Parameter($"c{i}", values[i], count, columns[i], nullable: true));
        return command.ExecuteNonQuery();
    }

    public void Dispose()
    {
    }
}
