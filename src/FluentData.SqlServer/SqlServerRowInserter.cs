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

    public int Insert(DbConnection connection, DbTransaction? transaction, object?[][] values, int count)
    {
        var perStatement = SqlServerDialect.RowsPerStatement(0, columns.Count);
        var inserted = 0;
        for (var start = 0; start < count; start += perStatement)
        {
            var rows = Math.Min(perStatement, count - start);
            if (!_statements.TryGetValue(rows, out var sql))
                _statements[rows] = sql = dialect.BuildInsertValues(table, columns, rows);
            using var command = connection.CreateCommand();
            command.Transaction = transaction;
#pragma warning disable CA2100 // quoted identifiers only; values are parameters
            command.CommandText = sql;
#pragma warning restore CA2100
            for (var r = 0; r < rows; r++)
            {
                for (var i = 0; i < columns.Count; i++)
                {
                    var parameter = command.CreateParameter();
                    parameter.ParameterName = $"@v{i}_{r}";
                    parameter.Value = values[i][start + r] ?? DBNull.Value;
                    if (SqlServerTypes.DbTypeOf(columns[i]) is { } type)
                        parameter.DbType = type;
                    command.Parameters.Add(parameter);
                }
            }

            inserted += command.ExecuteNonQuery();
        }

        return inserted;
    }

    public void Dispose()
    {
    }
}
