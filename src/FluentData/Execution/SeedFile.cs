using System.Reflection;
using FluentData.Expressions;

namespace FluentData.Execution;

/// <summary>
/// Finds a seed's file: a path relative to the folder of the migration's assembly (where a file
/// copied to the output lands), else a resource embedded in that assembly whose name ends with the
/// path, folders as dots (<c>Seeds/countries.csv</c> finds <c>My.App.Seeds.countries.csv</c>).
/// </summary>
internal static class SeedFile
{
    public static Stream Open(SeedExpression seed)
    {
        var path = seed.FilePath!;
        var assembly = seed.Files;
        var folder = assembly is { Location: { Length: > 0 } location } ? Path.GetDirectoryName(location)! : AppContext.BaseDirectory;
        var file = Path.IsPathRooted(path) ? path : Path.Combine(folder, path);
        if (File.Exists(file))
            return File.OpenRead(file);

        var resource = path.Replace('/', '.').Replace('\\', '.');
        var resources = assembly?.GetManifestResourceNames()
            .Where(r => string.Equals(r, resource, StringComparison.OrdinalIgnoreCase) || r.EndsWith("." + resource, StringComparison.OrdinalIgnoreCase))
            .ToList() ?? [];
        return resources switch
        {
            [var one] => assembly!.GetManifestResourceStream(one)!,
            [] => throw Missing(seed, $"there is no file {file} and {(assembly is null ? "no assembly to look in for" : $"{assembly.GetName().Name} embeds no resource named like")} '{resource}'. " +
                "Copy the file to the output (<None Include=\"" + path + "\" CopyToOutputDirectory=\"PreserveNewest\" />) or embed it (<EmbeddedResource Include=\"" + path + "\" />)"),
            _ => throw Missing(seed, $"{assembly!.GetName().Name} embeds several resources named like '{resource}': {string.Join(", ", resources)}; give more of the path"),
        };
    }

    private static SeedRowException Missing(SeedExpression seed, string why) =>
        new($"Seed of {seed.Target} in {seed.Migration} reads its rows from '{seed.FilePath}', but {why}. Nothing was changed.")
        {
            Migration = seed.Migration,
            Table = seed.TableName,
            SeedSource = seed.FilePath,
        };
}
