namespace FluentData.Tests.Migrations.Fidelity;

/// <summary>
/// What the fidelity migrations do in one run of a test; registered in the test's container and
/// injected. A test sets the Up() of the migration it runs, runs it, and resets the scenario.
/// </summary>
public sealed class FidelityScenario
{
    private int _calls;

    /// <summary>The Up() of <see cref="TransformInTransaction"/> (version 1); nothing when null.</summary>
    public Action<DataMigration>? InTransaction { get; set; }

    /// <summary>The Up() of <see cref="TransformOnline"/> (version 2); nothing when null.</summary>
    public Action<DataMigration>? Online { get; set; }

    /// <summary>Called with every progress report of the runner.</summary>
    public Action<TransformProgress>? Progress { get; set; }

    /// <summary>
    /// How often row functions called <see cref="CountCall"/>. Counted atomically: the database
    /// (SQLite) or a read-ahead thread (PostgreSQL) may be the one calling.
    /// </summary>
    public int Calls => Volatile.Read(ref _calls);

    /// <summary>Counts one call of a row function and returns the count so far.</summary>
    public int CountCall() => Interlocked.Increment(ref _calls);

    public void ResetCalls() => Interlocked.Exchange(ref _calls, 0);

    public void Reset()
    {
        InTransaction = null;
        Online = null;
        Progress = null;
        ResetCalls();
    }
}
