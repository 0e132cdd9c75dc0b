using System.Data.Common;
using FluentData.Runner.Checkpoints;
using FluentMigrator.Runner;
using FluentMigrator.Runner.Processors;
using FluentMigrator.Runner.Versioning;
using FluentMigrator.Runner.VersionTableInfo;

namespace FluentData.Runner;

/// <summary>
/// FluentMigrator's version loader, noting when each version is recorded or removed — and, with
/// the version row, in its transaction, the fingerprint of a data migration's <c>Up()</c>. A
/// migration's version is written right after its last expression, so the time between two such
/// notes is the time the migration took.
/// </summary>
internal sealed class JournalingVersionLoader(IVersionLoader inner, RunJournal journal, CheckpointCatalog checkpoints, IProcessorAccessor processors) : IVersionLoader
{
    public bool AlreadyCreatedVersionSchema => inner.AlreadyCreatedVersionSchema;

    public bool AlreadyCreatedVersionTable => inner.AlreadyCreatedVersionTable;

    public IMigrationRunner Runner
    {
        get => inner.Runner;
        set => inner.Runner = value;
    }

    public IVersionInfo VersionInfo
    {
        get => inner.VersionInfo;
        set => inner.VersionInfo = value;
    }

    public IVersionTableMetaData VersionTableMetaData => inner.VersionTableMetaData;

    public void DeleteVersion(long version)
    {
        inner.DeleteVersion(version);
        if (RunProcessorAccessor.Unwrap(processors.Processor) is { } processor)
            checkpoints.HistoryFor(processor.Connection).Forget((DbConnection)processor.Connection, (DbTransaction?)processor.Transaction, version);
        journal.VersionChanged(version);
    }

    /// <summary>
    /// A migration's checkpoints go once its version is recorded, on the same connection and in
    /// the same transaction when there is one. (Should a crash fall between the two, the runner
    /// removes checkpoints of applied migrations when it next starts.)
    /// </summary>
    private void ForgetCheckpoints(long version)
    {
        if (!checkpoints.WasPrepared(version) || RunProcessorAccessor.Unwrap(processors.Processor) is not { } processor)
            return;
        var connection = (DbConnection)processor.Connection;
        checkpoints.For(connection).Delete(connection, (DbTransaction?)processor.Transaction, version);
    }

    public IVersionTableMetaData GetVersionTableMetaData() => inner.GetVersionTableMetaData();

    public void LoadVersionInfo() => inner.LoadVersionInfo();

    public void RemoveVersionTable() => inner.RemoveVersionTable();

    public void UpdateVersionInfo(long version) => UpdateVersionInfo(version, null!);

    public void UpdateVersionInfo(long version, string description)
    {
        inner.UpdateVersionInfo(version, description);
        ForgetCheckpoints(version);
        if (journal.FingerprintOf(version) is { } fingerprint && RunProcessorAccessor.Unwrap(processors.Processor) is { } processor)
            checkpoints.HistoryFor(processor.Connection).Record((DbConnection)processor.Connection, (DbTransaction?)processor.Transaction, version, fingerprint);
        journal.VersionChanged(version);
    }
}
