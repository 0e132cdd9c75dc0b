using FluentMigrator;

namespace FluentData.Benchmarks.Migrations.Purge;

/// <summary>Deletes every second person, in batches, in the migration's transaction.</summary>
[Migration(3)]
public sealed class PurgeHalf(BenchSettings settings) : PurgeEverySecondPerson(settings);
