using FluentData.Execution;
using FluentMigrator;
using FluentMigrator.Expressions;

namespace FluentData.Runner.Checkpoints;

/// <summary>Follows each step of an online migration and records that it finished, so a rerun skips it.</summary>
/// <param name="store">The checkpoint table.</param>
/// <param name="completed">The step's checkpoint, made when the step has run (a row count it took goes with it).</param>
internal sealed class CompleteStepExpression(CheckpointStore store, Func<Checkpoint> completed) : MigrationExpressionBase
{
    public override void ExecuteWith(IMigrationProcessor processor)
    {
        ProcessorOperation.Run(processor, ToString(), (connection, transaction) => store.Save(connection, transaction, completed()));
    }

    public override string ToString() => $"Checkpoint: step {completed().Step} of migration {completed().Version} done";
}
