using System.Data.Common;
using FluentData.Dialects;
using FluentData.Execution;
using FluentData.Expressions;
using FluentMigrator.Expressions;
using FluentMigrator.Infrastructure;
using FluentMigrator.Runner.Processors;

namespace FluentData.Runner;

/// <summary>
/// Asks each pending migration for its expressions without running them and describes each;
/// a transform's rows are counted by the database as it is now.
/// </summary>
internal sealed class MigrationPlanner(GenericProcessorBase processor, IDataDialect dialect, IServiceProvider services, string? connectionString)
{
    public PlannedMigration Plan(IMigrationInfo info)
    {
        var context = new MigrationContext(processor, services, connectionString);
        info.Migration.GetUpExpressions(context);
        return new PlannedMigration(info.Version, info.Migration.GetType().Name, info.Description, info.TransactionBehavior,
            context.Expressions.Select(Describe).ToList());
    }

    private PlannedStep Describe(IMigrationExpression expression) => expression switch
    {
        TransformExpression t => Counted(t),
        VerifyExpression v => new PlannedStep("verify", v.Description, v.TableName, v.ColumnName is null ? [] : [v.ColumnName], v.Predicate, null, null),
        _ => new PlannedStep("schema", expression.ToString() ?? expression.GetType().Name, null, [], null, null, null),
    };

    private PlannedStep Counted(TransformExpression t)
    {
        var connection = (DbConnection)processor.Connection;
        var transaction = (DbTransaction?)processor.Transaction;
        long? rows = null;
        string? note = null;
        var table = dialect.ReadSchema(connection, transaction, new TableName(t.SchemaName, t.TableName));
        if (table is null)
        {
            note = "the table does not exist yet (an earlier step creates it?); rows not counted";
        }
        else
        {
            using var command = Commands.Create(connection, transaction, dialect.BuildCount(table, t.Filter));
            try
            {
                rows = Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
            }
            catch (DbException e)
            {
                note = $"rows not counted: {e.Message} (does the filter use a column an earlier step adds?)";
            }
        }

        return new PlannedStep("transform", t.ToString(), t.TableName, t.Columns.ToList(), t.Filter, rows, note);
    }
}
