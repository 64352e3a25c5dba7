using System.Globalization;

namespace LeadFunctions.Deployment.Tests.Arm;

/// <summary>
/// Recursive-descent parser of the ARM template expression language: string and integer literals, function calls
/// (with an optional namespace), <c>.property</c> and <c>[index]</c> access.
/// </summary>
internal sealed class ArmExpressionParser(string text)
{
    private int _position;

    public ArmExpression ParseWhole()
    {
        var expression = ParseExpression();
        SkipWhitespace();
        return _position == text.Length ? expression : throw Error("end of the expression");
    }

    private ArmExpression ParseExpression()
    {
        var expression = ParsePrimary();
        while (true)
        {
            SkipWhitespace();
            if (TryTake('.'))
            {
                expression = new ArmPropertyAccess(expression, ReadIdentifier());
            }
            else if (TryTake('['))
            {
                var index = ParseExpression();
                Expect(']');
                expression = new ArmIndexAccess(expression, index);
            }
            else
            {
                return expression;
            }
        }
    }

    private ArmExpression ParsePrimary()
    {
        SkipWhitespace();
        if (_position >= text.Length)
        {
            throw Error("a value");
        }

        var first = text[_position];
        if (first == '\'')
        {
            return ParseString();
        }

        if (char.IsAsciiDigit(first) || first == '-')
        {
            return ParseNumber();
        }

        var name = ReadIdentifier();
        SkipWhitespace();
        if (Peek('.'))
        {
            // A user-defined function's namespace: __bicep.keyVaultReference(...).
            _position++;
            name = $"{name}.{ReadIdentifier()}";
            SkipWhitespace();
        }

        Expect('(');
        var arguments = new List<ArmExpression>();
        SkipWhitespace();
        if (!TryTake(')'))
        {
            do
            {
                arguments.Add(ParseExpression());
                SkipWhitespace();
            }
            while (TryTake(','));

            Expect(')');
        }

        return new ArmCall(name, arguments);
    }

    private ArmString ParseString()
    {
        Expect('\'');
        var value = new System.Text.StringBuilder();
        while (true)
        {
            if (_position >= text.Length)
            {
                throw Error("the closing quote of a string");
            }

            var character = text[_position++];
            if (character != '\'')
            {
                value.Append(character);
            }
            else if (Peek('\''))
            {
                value.Append('\'');
                _position++;
            }
            else
            {
                return new ArmString(value.ToString());
            }
        }
    }

    private ArmNumber ParseNumber()
    {
        var start = _position;
        if (Peek('-'))
        {
            _position++;
        }

        while (_position < text.Length && char.IsAsciiDigit(text[_position]))
        {
            _position++;
        }

        return long.TryParse(
            text.AsSpan(start, _position - start),
            NumberStyles.AllowLeadingSign,
            CultureInfo.InvariantCulture,
            out var value)
            ? new ArmNumber(value)
            : throw Error("an integer");
    }

    private string ReadIdentifier()
    {
        SkipWhitespace();
        var start = _position;
        while (_position < text.Length && (char.IsAsciiLetterOrDigit(text[_position]) || text[_position] == '_'))
        {
            _position++;
        }

        return _position > start && !char.IsAsciiDigit(text[start]) ? text[start.._position] : throw Error("a name");
    }

    private void Expect(char expected)
    {
        SkipWhitespace();
        if (!TryTake(expected))
        {
            throw Error($"'{expected}'");
        }
    }

    private bool TryTake(char expected)
    {
        if (!Peek(expected))
        {
            return false;
        }

        _position++;
        return true;
    }

    private bool Peek(char expected) => _position < text.Length && text[_position] == expected;

    private void SkipWhitespace()
    {
        while (_position < text.Length && char.IsWhiteSpace(text[_position]))
        {
            _position++;
        }
    }

    private FormatException Error(string expected) =>
        new($"Expected {expected} at position {_position} of the ARM expression [{text}].");
}
