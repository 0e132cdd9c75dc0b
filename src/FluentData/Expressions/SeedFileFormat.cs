namespace FluentData.Expressions;

/// <summary>How a seed file holds its rows.</summary>
internal enum SeedFileFormat
{
    /// <summary>No file: the rows are C# objects.</summary>
    None,

    /// <summary>Comma-separated values with a header line.</summary>
    Csv,

    /// <summary>A JSON array of objects.</summary>
    Json,
}
