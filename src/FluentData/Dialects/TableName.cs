namespace FluentData.Dialects;

/// <summary>A table as the user named it; <see cref="Schema"/> is null for the connection's default.</summary>
internal readonly record struct TableName(string? Schema, string Name)
{
    public override string ToString() => Schema is null ? $"'{Name}'" : $"'{Schema}'.'{Name}'";
}
