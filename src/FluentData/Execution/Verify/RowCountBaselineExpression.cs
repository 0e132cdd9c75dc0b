using FluentData.Expressions;
using FluentMigrator;
using FluentMigrator.Expressions;

namespace FluentData.Execution.Verify;

/// <summary>Put first in a migration with a <c>RowCountIsUnchanged</c> check: counts the table's rows before anything changes them.</summary>
internal sealed class RowCountBaselineExpression(VerifyExpression check, VerifyEngine engine) : MigrationExpressionBase
{
    /// <summary>The check the count is for; an online migration resumed after this step gives it the count back from its checkpoint.</summary>
    public VerifyExpression Check => check;

    public override void ExecuteWith(IMigrationProcessor processor)
    {
        ProcessorOperation.Run(processor, ToString(), (connection, transaction) => check.Baseline.Rows = engine.Count(check, connection, transaction));
    }

    public override string ToString() => $"Count the rows of '{check.TableName}' for: {check.Description}";
}
