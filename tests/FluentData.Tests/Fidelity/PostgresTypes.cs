using FluentData.Tests.Infrastructure;

namespace FluentData.Tests.Fidelity;

/// <summary>What PostgreSQL's fidelity cases need besides built-in types.</summary>
public static class PostgresTypes
{
    public const string Citext = "CREATE EXTENSION IF NOT EXISTS citext";

    public const string Mood = "CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy')";

    /// <summary>citext ships in PostgreSQL's contrib, which a server may lack: then its cases are skipped, saying why.</summary>
    public static void SkipUnlessAvailable(TestDatabase db, IReadOnlyList<string>? setup)
    {
        if (setup?.Contains(Citext) == true)
        {
            Skip.If(db.Scalar<long>("SELECT COUNT(*) FROM pg_available_extensions WHERE name = 'citext'") == 0,
                "the citext extension is not installed on this PostgreSQL server (it ships in postgresql-contrib)");
        }
    }
}
