using FluentData.Execution;
using FluentMigrator;
using FluentMigrator.Expressions;
using FluentMigrator.Runner.Processors;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Expressions;

/// <summary>The generated <c>Down()</c> of a seed: restores its table from what the seed kept while <c>Up()</c> ran.</summary>
internal sealed class SeedUndoExpression(SeedExpression seed, string undoTable, IServiceProvider? services) : MigrationExpressionBase
{
    public override void ExecuteWith(IMigrationProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(processor);
        var engine = services?.GetService<SeedEngine>() ?? SeedEngine.Default;
        var timeout = services?.GetService<ProcessorOptions>()?.Timeout;

        ProcessorOperation.Run(processor, ToString(), (connection, transaction) => engine.Undo(seed, undoTable, connection, transaction, timeout));
    }

    public override string ToString() => $"Undo seed {seed.Target} from '{undoTable}'";
}
