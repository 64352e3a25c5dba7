using LeadFunctions.Testing.Maildev;

namespace LeadFunctions.Email.Tests.Smtp;

/// <summary>One maildev (from the repository's node_modules, on free loopback ports) for every test that sends mail.</summary>
[CollectionDefinition(Name)]
public sealed class MaildevCollection : ICollectionFixture<MaildevFixture>
{
    public const string Name = "SMTP sales notifier on maildev";
}
