namespace FluentData.Syntax;

/// <summary>Where a seed's rows come from.</summary>
public interface ISeedRowsSyntax : IFluentSyntax
{
    /// <summary>
    /// Rows written in C#: anonymous objects, instances of your own classes or records (properties
    /// match columns by name, ignoring case and underscores, or by their <c>[Column("name")]</c>;
    /// <c>[NotMapped]</c> ones are left out), or string-keyed dictionaries. Every row names the same columns.
    /// </summary>
    ISeedOptionsSyntax Rows(params object[] rows);

    /// <inheritdoc cref="Rows(object[])"/>
    ISeedOptionsSyntax Rows(IEnumerable<object> rows);

    /// <summary>
    /// Rows from a CSV file whose first line names the columns (separator detected from it: comma,
    /// semicolon, tab or pipe). <paramref name="path"/> is relative to the folder of the assembly that
    /// holds the migration, or names an embedded resource of it (<c>Seeds/countries.csv</c> finds
    /// <c>My.App.Seeds.countries.csv</c>). As in PostgreSQL's CSV format, an empty field is NULL and a
    /// quoted empty field (<c>""</c>) is empty text. Values are read in the invariant culture: dates
    /// as <c>2026-12-01</c>, times as <c>13:45:00</c>, bytes as <c>\x0aff</c>.
    /// </summary>
    ISeedOptionsSyntax FromCsv(string path);

    /// <summary>
    /// Rows from a JSON file holding an array of objects, one per row, each property a column;
    /// <paramref name="path"/> is found as for <see cref="FromCsv"/>. Strings are read as in a CSV
    /// file; numbers, <c>true</c>/<c>false</c> and <c>null</c> as themselves; an object or array
    /// only into a JSON column, as its text.
    /// </summary>
    ISeedOptionsSyntax FromJson(string path);
}
