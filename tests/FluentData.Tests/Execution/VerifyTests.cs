using FluentData.Tests.Infrastructure;
using FluentData.Tests.Migrations.Verify;
using FluentMigrator.Runner.Exceptions;
using Microsoft.Extensions.DependencyInjection;

namespace FluentData.Tests.Execution;

/// <summary>Checks that gate the commit. Written once, run on every database.</summary>
public abstract class VerifyTests<TDatabase>() : MigrationTests<TDatabase>("FluentData.Tests.Migrations.Verify")
    where TDatabase : TestDatabase, new()
{
    private readonly VerifyScenario _scenario = new();

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton(_scenario);

    /// <summary>Accounts 1..10 with e-mails; the given ids get the given e-mail instead.</summary>
    private void GivenAccounts(params (long Id, string? Email)[] overrides)
    {
        Runner.MigrateUp(1);
        Db.Insert("accounts", ["id", "email"], Enumerable.Range(1, 10).Select(i =>
        {
            var email = overrides.Any(o => o.Id == i) ? overrides.First(o => o.Id == i).Email : $"User{i}@Example.com";
            return new object?[] { (long)i, email };
        }));
    }

    private static void Normalize(DataMigration m) =>
        m.Transform.Table("accounts").Column("normalized").Using(row => row.Get<string>("email")?.ToLowerInvariant());

    private bool IsApplied => Runner.ListMigrations().Single(m => m.Version == 2).IsApplied;

    private long NormalizedRows => Db.Scalar<long>("SELECT COUNT(normalized) FROM accounts");

    [SkippableFact]
    public void Passing_checks_let_the_migration_commit()
    {
        GivenAccounts();
        _scenario.Up = m =>
        {
            Normalize(m);
            m.Verify.Table("accounts").Column("normalized").HasNoNulls();
            m.Verify.Table("accounts").Column("normalized").IsUnique();
            m.Verify.Table("accounts").HasNoRows("normalized <> lower(email)");
            m.Verify.Table("accounts").RowCountIsUnchanged();
        };

        Runner.MigrateUp();

        IsApplied.ShouldBeTrue();
        NormalizedRows.ShouldBe(10);
    }

    [SkippableFact]
    public void A_column_with_NULLs_fails_the_check_names_the_keys_and_commits_nothing()
    {
        GivenAccounts((3, null), (7, null));
        _scenario.Up = m =>
        {
            Normalize(m);
            m.Verify.Table("accounts").Column("normalized").HasNoNulls();
        };

        var error = Should.Throw<VerificationFailedException>(() => Runner.MigrateUp());

        error.Message.ShouldContain("CheckedMigration (2)");
        error.Message.ShouldContain("'accounts'.'normalized' has no NULLs");
        error.Message.ShouldContain("2 rows break it (keys 3, 7)");
        error.OffendingRows.ShouldBe(2);
        error.SampleKeys.Select(k => k.Value).ShouldBe([3L, 7L]);
        NormalizedRows.ShouldBe(0);
        IsApplied.ShouldBeFalse();
    }

    [SkippableFact]
    public void Duplicates_fail_IsUnique_with_the_keys_of_every_duplicate()
    {
        GivenAccounts((4, "Same@Example.com"), (9, "same@example.com"));
        _scenario.Up = m =>
        {
            Normalize(m);
            m.Verify.Table("accounts").Column("normalized").IsUnique();
        };

        var error = Should.Throw<VerificationFailedException>(() => Runner.MigrateUp());

        error.Message.ShouldContain("is unique");
        error.OffendingRows.ShouldBe(2);
        error.SampleKeys.Select(k => k.Value).ShouldBe([4L, 9L]);
        NormalizedRows.ShouldBe(0);
    }

    [SkippableFact]
    public void Rows_matching_a_forbidden_predicate_fail_HasNoRows_and_at_most_ten_keys_are_named()
    {
        GivenAccounts();
        _scenario.Up = m => m.Verify.Table("accounts").HasNoRows("email LIKE 'User%'");

        var error = Should.Throw<VerificationFailedException>(() => Runner.MigrateUp());

        error.OffendingRows.ShouldBe(10);
        error.SampleKeys.Count.ShouldBe(10);
        error.Message.ShouldContain("has no rows where email LIKE 'User%'");
    }

    [SkippableFact]
    public void A_migration_that_loses_rows_fails_RowCountIsUnchanged_and_keeps_them()
    {
        GivenAccounts();
        _scenario.Up = m =>
        {
            m.Execute.Sql("DELETE FROM accounts WHERE id = 5");
            m.Verify.Table("accounts").RowCountIsUnchanged();
        };

        var error = Should.Throw<VerificationFailedException>(() => Runner.MigrateUp());

        error.Message.ShouldContain("it had 10 rows when the migration started and has 9 now");
        Db.Scalar<long>("SELECT COUNT(*) FROM accounts").ShouldBe(10);
        IsApplied.ShouldBeFalse();
    }

    [SkippableFact]
    public void A_check_on_an_unknown_column_names_it()
    {
        GivenAccounts();
        _scenario.Up = m => m.Verify.Table("accounts").Column("nomalized").HasNoNulls();

        var error = Should.Throw<TableSchemaException>(() => Runner.MigrateUp());

        error.Message.ShouldContain("'nomalized'");
        error.Message.ShouldContain("normalized");
    }

    [SkippableFact]
    public void A_check_without_a_condition_fails_validation_with_the_fix()
    {
        GivenAccounts();
        _scenario.Up = m => m.Verify.Table("accounts");

        var error = Should.Throw<InvalidMigrationException>(() => Runner.MigrateUp());

        error.Message.ShouldContain("Verify on 'accounts' in CheckedMigration (2) has no check");
    }

}

public sealed class SqliteVerifyTests : VerifyTests<SqliteTestDatabase>;

public sealed class PostgresVerifyTests : VerifyTests<PostgresTestDatabase>;
