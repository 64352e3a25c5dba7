namespace LeadFunctions.Deployment.Tests.Arm;

/// <summary>A function call: <c>subscriptionResourceId('Microsoft.Authorization/roleDefinitions', ...)</c>, or a user-defined
/// function with its namespace (<c>__bicep.keyVaultReference(...)</c>).</summary>
public sealed record ArmCall(string Name, IReadOnlyList<ArmExpression> Arguments) : ArmExpression
{
    /// <summary>Whether this calls <paramref name="function"/> (ARM function names are case-insensitive).</summary>
    public bool Is(string function) => string.Equals(Name, function, StringComparison.OrdinalIgnoreCase);

    /// <summary>The name and value pairs of a <c>createObject(name1, value1, name2, value2, ...)</c> call.</summary>
    /// <exception cref="InvalidOperationException">This is not a createObject call, or a name is not a string literal.</exception>
    public IReadOnlyList<KeyValuePair<string, ArmExpression>> ObjectEntries()
    {
        if (!Is("createObject") || Arguments.Count % 2 != 0)
        {
            throw new InvalidOperationException($"{this} is not a createObject(name, value, ...) call.");
        }

        return [.. Arguments.Chunk(2).Select(pair => pair[0] is ArmString name
            ? KeyValuePair.Create(name.Value, pair[1])
            : throw new InvalidOperationException($"{this} names a property with {pair[0]}, which is not a string literal."))];
    }

    public override string ToString() => $"{Name}({string.Join(", ", Arguments)})";
}
