namespace FluentData.Syntax;

/// <summary>Where a copy inserts its rows.</summary>
public interface ICopyToSyntax : IFluentSyntax
{
    /// <summary>The table, in the source table's schema, that the new rows are inserted into; it must exist when the copy runs.</summary>
    ICopyMappingSyntax To(string targetTable);
}
