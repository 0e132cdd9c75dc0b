using FluentMigrator;
using FluentMigrator.Runner.Processors;

namespace FluentData.Runner;

/// <summary>
/// FluentMigrator's processor selection, with the processor wrapped in
/// <see cref="RollbackOnlyProcessor"/> when the run is a plan or a dry run.
/// </summary>
internal sealed class RunProcessorAccessor(SelectingProcessorAccessor selecting, RunControl control) : IProcessorAccessor
{
    private IMigrationProcessor? _processor;

    public IMigrationProcessor Processor => _processor ??=
        (control.Planning || control.DryRun) && selecting.Processor is GenericProcessorBase generic
            ? new RollbackOnlyProcessor(generic)
            : selecting.Processor;

    /// <summary>The processor that owns the connection, under any wrapper.</summary>
    public static GenericProcessorBase? Unwrap(IMigrationProcessor processor) => processor switch
    {
        RollbackOnlyProcessor wrapped => wrapped.Inner,
        GenericProcessorBase generic => generic,
        _ => null,
    };
}
