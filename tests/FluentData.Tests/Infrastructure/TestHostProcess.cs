using System.Diagnostics;
using System.Text;

namespace FluentData.Tests.Infrastructure;

/// <summary>
/// FluentData.TestHost run as a child process: a real, separate runner that a test can start
/// side by side with others, or kill with SIGKILL part-way through a migration.
/// </summary>
public sealed class TestHostProcess : IDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private TestHostProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    public static TestHostProcess Start(TestDatabase database, int batchSize = 100, int throttleMilliseconds = 0, int connections = 1, bool archive = false, bool copy = false)
    {
        // Built next to this test assembly by the ProjectReference: .../FluentData.TestHost/bin/<configuration>/<tfm>/
        var testsOutput = AppContext.BaseDirectory;
        var hostOutput = testsOutput.Replace($"{Path.DirectorySeparatorChar}FluentData.Tests{Path.DirectorySeparatorChar}",
            $"{Path.DirectorySeparatorChar}FluentData.TestHost{Path.DirectorySeparatorChar}", StringComparison.Ordinal);
        var host = Path.Combine(hostOutput, "FluentData.TestHost.dll");
        if (!File.Exists(host))
            throw new FileNotFoundException($"FluentData.TestHost is not built where the tests expect it: {host}");

        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(host);
        start.ArgumentList.Add(database.Engine == "PostgreSQL" ? "postgres" : "sqlite");
        start.ArgumentList.Add(database.ConnectionString);
        start.Environment["FLUENTDATA_TEST_BATCH"] = batchSize.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["FLUENTDATA_TEST_THROTTLE_MS"] = throttleMilliseconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["FLUENTDATA_TEST_CONNECTIONS"] = connections.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["FLUENTDATA_TEST_ARCHIVE"] = archive ? "1" : "0";
        start.Environment["FLUENTDATA_TEST_COPY"] = copy ? "1" : "0";
        return new TestHostProcess(Process.Start(start) ?? throw new InvalidOperationException("could not start FluentData.TestHost"));
    }

    /// <summary>Waits for the process to finish and returns its exit code.</summary>
    public int WaitForExit(TimeSpan timeout)
    {
        if (!_process.WaitForExit(timeout))
        {
            _process.Kill(entireProcessTree: true);
            throw new TimeoutException($"FluentData.TestHost did not finish in {timeout}. Output:\n{Output}");
        }

        _process.WaitForExit();
        return _process.ExitCode;
    }

    /// <summary>SIGKILL: no finally blocks, no rollback by the process, the way a crash or an OOM kill ends it.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: true);
        _process.WaitForExit();
    }

    public bool HasExited => _process.HasExited;

    private void Append(string? line)
    {
        if (line is null)
            return;
        lock (_output)
            _output.AppendLine(line);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
            _process.Kill(entireProcessTree: true);
        _process.Dispose();
    }
}
