using FluentMigrator;

namespace FluentData.Benchmarks.Migrations.PurgeOnline;

/// <summary>Deletes every second person, each batch committed with its checkpoint.</summary>
[Migration(4, TransactionBehavior.None)]
public sealed class PurgeHalfOnline(BenchSettings settings) : PurgeEverySecondPerson(settings);
