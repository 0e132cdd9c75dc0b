using FluentMigrator.Runner;
using FluentMigrator.Runner.Versioning;
using FluentMigrator.Runner.VersionTableInfo;

namespace FluentData.Runner;

/// <summary>
/// FluentMigrator's version loader, noting when each version is recorded or removed. A
/// migration's version is written right after its last expression, in its transaction, so the
/// time between two such notes is the time the migration took.
/// </summary>
internal sealed class JournalingVersionLoader(IVersionLoader inner, RunJournal journal) : IVersionLoader
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
        journal.VersionChanged(version);
    }

    public IVersionTableMetaData GetVersionTableMetaData() => inner.GetVersionTableMetaData();

    public void LoadVersionInfo() => inner.LoadVersionInfo();

    public void RemoveVersionTable() => inner.RemoveVersionTable();

    public void UpdateVersionInfo(long version) => UpdateVersionInfo(version, null!);

    public void UpdateVersionInfo(long version, string description)
    {
        inner.UpdateVersionInfo(version, description);
        journal.VersionChanged(version);
    }
}
