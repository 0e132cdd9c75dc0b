using System.Globalization;

namespace FluentData.TestHost;

/// <summary>What the test that started this process asks of its migrations, through environment variables.</summary>
internal static class HostSettings
{
    /// <summary>A number such as FLUENTDATA_TEST_BATCH, or <paramref name="fallback"/> when it is not set.</summary>
    public static int Number(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : fallback;

    /// <summary>Whether a switch such as FLUENTDATA_TEST_COPY is on (1).</summary>
    public static bool Flag(string name) => Environment.GetEnvironmentVariable(name) == "1";
}
