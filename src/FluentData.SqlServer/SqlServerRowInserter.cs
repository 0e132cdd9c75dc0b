using System.Data;
using System.Data.Common;
using FluentData.Dialects;

namespace FluentData.SqlServer;

/// <summary>
/// Inserts a batch as INSERTs of parameterised VALUES lists, as many rows each as the
/// 2,100-parameter and 1,000-row limits allow; each parameter typed as its column, so a NULL
/// and a key convert as the column would.
/// </summary>
internal sealed class SqlServerRowInserter(SqlServerDialect dialect, TableName table, IReadOnlyList<ColumnSchema> columns) : IRowInserter
{
    private readonly Dictionary<int, string> _statements = [];
    private readonly DbType?[] _types = columns.Select(SqlServerTypes.DbTypeOf).ToArray();

    public int Insert(DbConnection connection, DbTransaction? transaction, object?[][] values, int count)
    {
        var perStatement = SqlServerDialect.RowsPerStatement(0, columns.Count);
        var inserted = 0;
        for (var start = 0; start < count; start += perStatement)
        {
            var rows = Math.Min(perStatement, count - start);
            if (!_statements.TryGetValue(rows, out var sql))
                _statements[rows] = sql = dialect.BuildInsertValues(table, columns, rows);
            using var command = Execution.Commands.Create(connection, transaction, sql);
            for (var r = 0; r < rows; r++)
            {
                for (var i = 0; i < columns.Count; i++)
                    SqlServerBatchWriter.Add(command, $"@v{i}_{r}", values[i][start + r], _types[i]);
            }

            inserted += command.ExecuteNonQuery();
        }

        return inserted;
    }

    public void Dispose()
    {
    }
}
