using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace FluentData.Runner;

/// <summary>Fills what the builder left unset, after every <c>Configure</c> has run, and checks the result.</summary>
internal sealed class DataMigrationDefaults(IServiceProvider services)
    : IPostConfigureOptions<DataMigrationOptions>, IValidateOptions<DataMigrationOptions>
{
    public void PostConfigure(string? name, DataMigrationOptions options)
    {
        if (options.ConnectionString is null && options.ProcessorId is null)
        {
            options.ConnectionString = services.GetService<IConfiguration>()?.GetConnectionString(DataMigrationOptions.ConnectionStringName)
                ?? DataMigrationOptions.DefaultConnectionString;
        }

        options.ProcessorId ??= DataMigrationsBuilder.SqliteProcessorId;
        if (options.Assemblies.Count == 0 && Assembly.GetEntryAssembly() is { } entry)
            options.Assemblies.Add(entry);
    }

    public ValidateOptionsResult Validate(string? name, DataMigrationOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ConnectionString))
            failures.Add("DataMigrationOptions.ConnectionString is empty; call UseSqlite/UsePostgres/UseSqlServer with a connection string.");
        if (options.Assemblies.Count == 0)
            failures.Add("DataMigrationOptions.Assemblies is empty and there is no entry assembly; call ScanIn(typeof(SomeMigration).Assembly).");
        if (options.LockTimeout < TimeSpan.Zero && options.LockTimeout != Timeout.InfiniteTimeSpan)
            failures.Add($"DataMigrationOptions.LockTimeout is {options.LockTimeout}; it must be zero or more, or Timeout.InfiniteTimeSpan.");
        if (options.CommandTimeout is { } timeout && timeout <= TimeSpan.Zero)
            failures.Add($"DataMigrationOptions.CommandTimeout is {timeout}; it must be positive.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
