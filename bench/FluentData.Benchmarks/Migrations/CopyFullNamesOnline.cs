using FluentMigrator;

namespace FluentData.Benchmarks.Migrations.CopyOnline;

/// <summary>The copy of every full name, each batch committed with its checkpoint.</summary>
[Migration(6, TransactionBehavior.None)]
public sealed class CopyFullNamesOnline(BenchSettings settings) : CopyFullNames(settings);
