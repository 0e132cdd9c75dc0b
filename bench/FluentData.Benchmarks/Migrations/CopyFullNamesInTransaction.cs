using FluentMigrator;

namespace FluentData.Benchmarks.Migrations.Copy;

/// <summary>The copy of every full name, in the migration's transaction.</summary>
[Migration(5)]
public sealed class CopyFullNamesInTransaction(BenchSettings settings) : CopyFullNames(settings);
