using System.Reflection;
using FluentData.Execution.Verify;
using FluentData.Expressions;
using FluentData.Runner;
using FluentData.Runner.Checkpoints;
using FluentData.Syntax;
using FluentData.Syntax.Verify;
using FluentMigrator;
using FluentMigrator.Expressions;
using FluentMigrator.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData;

/// <summary>
/// A FluentMigrator migration that can also change the data itself. Schema expressions
/// (<c>Create</c>, <c>Alter</c>, <c>Delete</c>, <c>Rename</c>, <c>Execute</c>) work as in any
/// <see cref="Migration"/>; <see cref="Transform"/> adds data-aware expressions that run in order
/// with them, in the migration's transaction.
/// </summary>
/// <example>
/// <code>
/// [Migration(2026_11_26_0001)]
/// public sealed class NormalizeEmails : DataMigration
/// {
///     public override void Up()
///     {
///         Alter.Table("customers").AddColumn("email_normalized").AsString(320).Nullable();
///         Transform.Table("customers")
///             .Column("email_normalized")
///             .Using(row => row.Get&lt;string&gt;("email")?.Trim().ToLowerInvariant())
///             .Where("email IS NOT NULL");
///     }
///
///     public override void Down() => Delete.Column("email_normalized").FromTable("customers");
/// }
/// </code>
/// </example>
public abstract class DataMigration : Migration
{
    /// <summary>
    /// The root of data transforms: <c>Transform.Table("t").Column("c").Using(row =&gt; ...)</c>.
    /// </summary>
    public ITransformExpressionRoot Transform => new TransformExpressionRoot(CurrentContext(), Describe());

    /// <summary>
    /// The root of purges: rows deleted in batches by key range, online with checkpoints like a
    /// transform: <c>Purge.Table("sessions").Where("last_seen &lt; '2025-01-01'")</c>.
    /// </summary>
    public IPurgeExpressionRoot Purge => new PurgeExpressionRoot(CurrentContext(), Describe());

    /// <summary>
    /// The root of copies: rows of one table inserted into another in batches by key range, online
    /// with checkpoints like a transform, mapped in SQL or in C# (zero, one or several rows per
    /// source row): <c>Copy.Rows.From("customers").To("addresses").Columns(("customer_id", "id"), ("street", "street"))</c>.
    /// </summary>
    public ICopyExpressionRoot Copy => new CopyExpressionRoot(CurrentContext(), Describe());

    /// <summary>
    /// The root of seeds: reference rows kept in step with the code, matched by a key and upserted —
    /// missing rows inserted, rows that differ updated, equal rows left alone — from C# rows, a CSV
    /// file or a JSON file: <c>Seed.Table("countries").Key("code").FromCsv("Seeds/countries.csv")</c>.
    /// </summary>
    public ISeedExpressionRoot Seed => new SeedExpressionRoot(CurrentContext(), Describe(), GetType().Assembly);

    /// <summary>
    /// The root of checks on the data, run in order with the other expressions: a failed check
    /// fails the migration, so a transactional migration commits nothing:
    /// <c>Verify.Table("customers").Column("email_normalized").HasNoNulls()</c>.
    /// </summary>
    public IVerifyExpressionRoot Verify => new VerifyExpressionRoot(CurrentContext(), Describe());

    /// <summary>
    /// Collects the expressions of <c>Up()</c>. Under <see cref="TransactionBehavior.None"/> they
    /// are made resumable: steps completed by an interrupted run are skipped, and a transform
    /// continues after the last batch it committed — in a plan and a dry run too. A migration in a
    /// transaction that an earlier run without one left checkpoints for is refused.
    /// </summary>
    public override void GetUpExpressions(IMigrationContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        base.GetUpExpressions(context);
        CheckUpExpressions(context.Expressions);
        if (Describe().Version is { } version)
            context.ServiceProvider?.GetService<RunJournal>()?.Fingerprinted(version, ResumableSteps.Fingerprint(context.Expressions));
        var control = context.ServiceProvider?.GetService<RunControl>();
        if (control?.Planning != true)
            CountRowsFirst(context);
        var online = GetType().GetCustomAttribute<MigrationAttribute>()?.TransactionBehavior == TransactionBehavior.None;
        context.ServiceProvider?.GetService<ResumableSteps>()?.Prepare(Describe(), context, online, preview: control is { Planning: true } or { DryRun: true });
    }

    /// <summary>Looks at the expressions of <c>Up()</c> before any of them runs; throws to refuse the migration.</summary>
    private protected virtual void CheckUpExpressions(IEnumerable<IMigrationExpression> expressions)
    {
    }

    /// <summary>The expressions of <c>Up()</c> alone, for a generated <c>Down()</c>.</summary>
    private protected void CollectUpExpressions(IMigrationContext context) => base.GetUpExpressions(context);

    /// <summary>A <c>RowCountIsUnchanged</c> check needs the count from before the migration's first expression.</summary>
    private static void CountRowsFirst(IMigrationContext context)
    {
        var checks = context.Expressions.OfType<VerifyExpression>().Where(v => v.Check == VerifyCheck.RowCountIsUnchanged).ToList();
        if (checks.Count == 0)
            return;

        var engine = context.ServiceProvider?.GetService<VerifyEngine>() ?? VerifyEngine.Default;
        var expressions = context.Expressions.ToList();
        context.Expressions.Clear();
        foreach (var check in checks)
            context.Expressions.Add(new RowCountBaselineExpression(check, engine));
        foreach (var expression in expressions)
            context.Expressions.Add(expression);
    }

    // Migration.Context is internal to FluentMigrator; every expression root it hands out
    // implements IMigrationContextAccessor (since 8.0.1), which is the supported way in.
    private IMigrationContext CurrentContext() =>
        ((IMigrationContextAccessor)Execute).GetMigrationContext()
        ?? throw new InvalidOperationException(
            $"Migration {GetType().Name} has no migration context: Transform can only be used inside Up() or Down() while FluentMigrator runs the migration.");

    private MigrationIdentity Describe()
    {
        var attribute = GetType().GetCustomAttribute<MigrationAttribute>();
        return new MigrationIdentity(GetType().Name, attribute?.Version);
    }
}
