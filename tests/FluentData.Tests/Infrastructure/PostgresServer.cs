using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace FluentData.Tests.Infrastructure;

/// <summary>
/// The PostgreSQL the tests run against: the one in FLUENTDATA_POSTGRES when set, otherwise a
/// throwaway cluster started from the installed server binaries on a free loopback port, in a
/// temp folder, and stopped when the test process exits. As root (CI), the server runs as the
/// postgres user, because initdb refuses root.
/// </summary>
internal sealed class PostgresServer
{
    private static readonly Lazy<PostgresServer> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private PostgresServer(string? adminConnectionString, string? unavailableReason)
    {
        AdminConnectionString = adminConnectionString;
        UnavailableReason = unavailableReason;
    }

    public static PostgresServer Instance => Shared.Value;

    /// <summary>
    /// Stock durability settings instead of the tests' fast ones (no fsync, no full-page writes):
    /// the benchmark measures against PostgreSQL as it ships. Set before <see cref="Instance"/> is first read.
    /// </summary>
    public static bool Stock { get; set; }

    /// <summary>A connection string to the server's maintenance database, or null when unavailable.</summary>
    public string? AdminConnectionString { get; }

    public string? UnavailableReason { get; }

    private static PostgresServer Start()
    {
        var given = Environment.GetEnvironmentVariable("FLUENTDATA_POSTGRES");
        if (!string.IsNullOrWhiteSpace(given))
            return new PostgresServer(given, null);

        var bin = FindServerBinaries();
        if (bin is null)
            return new PostgresServer(null, "no PostgreSQL server binaries found (looked for initdb under /usr/lib/postgresql/*/bin and on PATH) and FLUENTDATA_POSTGRES is not set");

        try
        {
            return new PostgresServer(StartCluster(bin), null);
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
        {
            return new PostgresServer(null, $"could not start a throwaway PostgreSQL cluster: {e.Message}");
        }
    }

    private static string StartCluster(string bin)
    {
        var asRoot = Environment.UserName == "root";
        RemoveAbandonedClusters();
        var folder = Path.Combine(Path.GetTempPath(), $"fluentdata-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(folder);
        if (asRoot)
            Run("chown", ["postgres:postgres", folder], asPostgres: false);

        var data = Path.Combine(folder, "data");
        var port = FreePort();
        Run(Path.Combine(bin, "initdb"), ["-D", data, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-locale", "--no-sync"], asRoot);
        Run(Path.Combine(bin, "pg_ctl"),
        [
            "-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "start",
            "-o", $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c max_connections=200" + (Stock ? "" : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"),
        ], asRoot);

        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Run(Path.Combine(bin, "pg_ctl"), ["-D", data, "-m", "immediate", "-w", "stop"], asRoot);
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
            {
                // Leaving a temp folder behind is better than failing the run at exit.
            }
        };

        return new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
            Pooling = true,
        }.ConnectionString;
    }

    /// <summary>Deletes the folders of earlier test runs whose process is gone (a killed run cannot clean up).</summary>
    private static void RemoveAbandonedClusters()
    {
        foreach (var folder in Directory.GetDirectories(Path.GetTempPath(), "fluentdata-pg-*"))
        {
            var parts = Path.GetFileName(folder).Split('-');
            if (parts.Length < 3 || !int.TryParse(parts[2], out var pid) || IsRunning(pid))
                continue;
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Someone else's folder, or still in use: leave it.
            }
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static string? FindServerBinaries()
    {
        const string root = "/usr/lib/postgresql";
        if (Directory.Exists(root))
        {
            var newest = Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(d => File.Exists(Path.Combine(d, "initdb")))
                .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
                .FirstOrDefault();
            if (newest is not null)
                return newest;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(d => File.Exists(Path.Combine(d, "initdb")));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static void Run(string program, string[] arguments, bool asPostgres)
    {
        var start = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetTempPath(),
        };
        if (asPostgres)
        {
            foreach (var a in new[] { "-u", "postgres", "--", program })
                start.ArgumentList.Add(a);
        }

        foreach (var a in arguments)
            start.ArgumentList.Add(a);

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"{Path.GetFileName(program)} did not finish in 90 s");
        }

        if (process.ExitCode != 0)
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {error.Result}{output.Result}");
    }
}
