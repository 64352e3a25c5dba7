using System.Buffers.Text;
using LeadFunctions.Leads;
using LeadFunctions.Notifications;
using LeadFunctions.Sales;

namespace LeadFunctions.Core.Tests.Sales;

public sealed class HandoffLinksTests
{
    private const string Secret = "first-link-secret-0123456789-abcdefgh";
    private const string NextSecret = "next-link-secret-0123456789-abcdefghij";
    private const string LeadId = "0194f1e2a3b4c5d6e7f8091a2b3c4d5e";
    private static readonly DateTimeOffset QualifiedAt = new(2026, 11, 22, 9, 30, 0, TimeSpan.Zero);
    private static readonly string HandoffId = SalesHandoff.IdFor(QualifiedAt);
    private static readonly HandoffLinks Links = With(Secret);
    private static readonly HandoffPageState AtSql = new(LeadStage.SQL, 2);

    [Fact]
    public void A_token_names_its_lead_and_hand_off_and_expires_after_the_lifetime()
    {
        var token = Links.CreateToken(LeadId, HandoffId);

        var check = Links.Verify(token, QualifiedAt.AddDays(29));

        Assert.Equal(new HandoffLinkCheck(HandoffLinkStatus.Valid, LeadId, HandoffId, QualifiedAt.AddDays(30)), check);
        Assert.Equal(HandoffLinks.TokenLength, token.Length);
        Assert.Equal(token, Links.CreateToken(LeadId, HandoffId));
    }

    [Fact]
    public void An_expired_token_is_expired_not_forged()
    {
        var token = Links.CreateToken(LeadId, HandoffId);

        Assert.Equal(HandoffLinkStatus.Expired, Links.Verify(token, QualifiedAt.AddDays(30)).Status);
        Assert.Equal(HandoffLinkStatus.Valid, Links.Verify(token, QualifiedAt.AddDays(30).AddSeconds(-1)).Status);
    }

    [Fact]
    public void The_lifetime_is_a_setting()
    {
        var links = new HandoffLinks(new HandoffOptions { LinkSecret = Secret, LinkLifetimeDays = 7 });

        var check = links.Verify(links.CreateToken(LeadId, HandoffId), QualifiedAt);

        Assert.Equal(QualifiedAt.AddDays(7), check.ExpiresAt);
    }

    [Fact]
    public void Lowering_the_lifetime_shortens_links_already_sent()
    {
        var token = Links.CreateToken(LeadId, HandoffId);
        var shorter = new HandoffLinks(new HandoffOptions { LinkSecret = Secret, LinkLifetimeDays = 7 });

        var check = shorter.Verify(token, QualifiedAt.AddDays(6));

        Assert.Equal(HandoffLinkStatus.Valid, check.Status);
        Assert.Equal(QualifiedAt.AddDays(7), check.ExpiresAt);
        Assert.Equal(HandoffLinkStatus.Expired, shorter.Verify(token, QualifiedAt.AddDays(7)).Status);
    }

    [Fact]
    public void Raising_the_lifetime_never_lengthens_links_already_sent()
    {
        var token = Links.CreateToken(LeadId, HandoffId);
        var longer = new HandoffLinks(new HandoffOptions { LinkSecret = Secret, LinkLifetimeDays = 90 });

        var check = longer.Verify(token, QualifiedAt.AddDays(30));

        Assert.Equal(HandoffLinkStatus.Expired, check.Status);
        Assert.Equal(QualifiedAt.AddDays(30), check.ExpiresAt);
    }

    [Fact]
    public void A_token_signed_with_another_secret_is_forged()
    {
        var token = With("someone-elses-secret-0123456789-abcdefgh").CreateToken(LeadId, HandoffId);

        Assert.Equal(HandoffLinkCheck.Forged, Links.Verify(token, QualifiedAt));
    }

    [Fact]
    public void While_rotating_the_first_secret_signs_and_every_secret_verifies()
    {
        var rotating = With($"{NextSecret}, {Secret}");
        var old = Links.CreateToken(LeadId, HandoffId);
        var fresh = rotating.CreateToken(LeadId, HandoffId);

        Assert.Equal(HandoffLinkStatus.Valid, rotating.Verify(old, QualifiedAt).Status);
        Assert.Equal(HandoffLinkStatus.Valid, rotating.Verify(fresh, QualifiedAt).Status);
        Assert.Equal(fresh, With(NextSecret).CreateToken(LeadId, HandoffId));
        Assert.Equal(HandoffLinkStatus.Forged, Links.Verify(fresh, QualifiedAt).Status);
    }

    [Fact]
    public void Changing_any_character_of_a_token_makes_it_forged()
    {
        var token = Links.CreateToken(LeadId, HandoffId);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        for (var position = 0; position < token.Length; position++)
        {
            foreach (var replacement in alphabet.Where(c => c != token[position]))
            {
                var tampered = string.Concat(token.AsSpan(0, position), replacement.ToString(), token.AsSpan(position + 1));
                Assert.Equal(HandoffLinkStatus.Forged, Links.Verify(tampered, QualifiedAt).Status);
            }
        }
    }

    [Fact]
    public void A_token_re_signed_over_a_changed_expiry_or_lead_is_forged()
    {
        var bytes = Base64Url.DecodeFromChars(Links.CreateToken(LeadId, HandoffId));
        bytes[32] ^= 0x01; // the last byte of the expiry: a day more, or a day less
        var moved = Base64Url.EncodeToString(bytes);
        bytes[32] ^= 0x01;
        bytes[5] ^= 0x10; // a byte of the lead id
        var otherLead = Base64Url.EncodeToString(bytes);

        Assert.Equal(HandoffLinkStatus.Forged, Links.Verify(moved, QualifiedAt).Status);
        Assert.Equal(HandoffLinkStatus.Forged, Links.Verify(otherLead, QualifiedAt).Status);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("../../etc/passwd")]
    [InlineData("<script>alert(1)</script>")]
    public void Anything_else_is_forged(string? token)
    {
        Assert.Equal(HandoffLinkCheck.Forged, Links.Verify(token, QualifiedAt));
    }

    [Fact]
    public void Tokens_of_every_length_and_alphabet_are_forged()
    {
        var random = new Random(12);
        const string characters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_+/=.%~ \u00e9\u0000\ud83d\ude00";
        for (var length = 0; length <= 200; length++)
        {
            for (var sample = 0; sample < 20; sample++)
            {
                var token = new string([.. Enumerable.Range(0, length).Select(_ => characters[random.Next(characters.Length)])]);
                Assert.Equal(HandoffLinkStatus.Forged, Links.Verify(token, QualifiedAt).Status);
            }
        }
    }

    [Fact]
    public void The_same_bytes_spelt_non_canonically_are_forged()
    {
        var token = Links.CreateToken(LeadId, HandoffId);
        var last = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".IndexOf(token[^1], StringComparison.Ordinal);
        var sameBytes = token[..^1] + "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"[last ^ 1];

        Assert.Equal(HandoffLinkStatus.Forged, Links.Verify(sameBytes, QualifiedAt).Status);
        Assert.Equal(HandoffLinkStatus.Forged, Links.Verify(token + "=", QualifiedAt).Status);
    }

    [Fact]
    public void A_token_holds_no_personal_data_only_the_lead_id_hand_off_time_and_expiry()
    {
        var bytes = Base64Url.DecodeFromChars(Links.CreateToken(LeadId, HandoffId));

        Assert.Equal(65, bytes.Length);
        Assert.Equal(LeadId, Convert.ToHexStringLower(bytes.AsSpan(1, 16)));
    }

    [Fact]
    public void A_form_value_works_for_its_own_link_and_action_only()
    {
        var token = Links.CreateToken(LeadId, HandoffId);
        var other = Links.CreateToken(LeadId, SalesHandoff.IdFor(QualifiedAt.AddDays(1)));
        var accept = Links.FormValue(token, SalesActionKind.Accept, AtSql);

        Assert.True(Links.IsFormValue(token, SalesActionKind.Accept, accept));
        Assert.False(Links.IsFormValue(token, SalesActionKind.Reject, accept));
        Assert.False(Links.IsFormValue(other, SalesActionKind.Accept, accept));
        Assert.False(Links.IsFormValue(token, SalesActionKind.Accept, null));
        Assert.False(Links.IsFormValue(token, SalesActionKind.Accept, string.Empty));
        Assert.False(Links.IsFormValue(token, SalesActionKind.Accept, accept[..^1] + (accept[^1] == 'A' ? 'B' : 'A')));
        Assert.False(Links.IsFormValue(token, SalesActionKind.Accept, accept + "A"));
        Assert.True(With($"{NextSecret},{Secret}").IsFormValue(token, SalesActionKind.Accept, accept));
    }

    [Fact]
    public void Creating_a_token_refuses_ids_that_are_not_a_lead_and_a_hand_off()
    {
        Assert.Throws<ArgumentException>(() => Links.CreateToken("dana@example.com", HandoffId));
        Assert.Throws<ArgumentException>(() => Links.CreateToken(LeadId, "handoff-1"));
        Assert.Throws<ArgumentException>(() => new HandoffLinks(new HandoffOptions { LinkSecret = " , " }));
    }

    [Fact]
    public void A_form_value_covers_the_lead_s_state_on_the_page()
    {
        var token = Links.CreateToken(LeadId, HandoffId);
        var won = Links.FormValue(token, SalesActionKind.Won, new HandoffPageState(LeadStage.SAL, 3));
        var mac = won[(won.LastIndexOf('.') + 1)..];

        Assert.Equal(new HandoffPageState(LeadStage.SAL, 3), Links.ReadFormValue(token, SalesActionKind.Won, won));
        Assert.StartsWith("SAL.3.", won, StringComparison.Ordinal);
        Assert.Null(Links.ReadFormValue(token, SalesActionKind.Won, "Disqualified.4." + mac));
        Assert.Null(Links.ReadFormValue(token, SalesActionKind.Won, "SAL.4." + mac));
        Assert.Null(Links.ReadFormValue(token, SalesActionKind.Won, "SAL.03." + mac));
        Assert.Null(Links.ReadFormValue(token, SalesActionKind.Won, "3.3." + mac));
        Assert.Null(Links.ReadFormValue(token, SalesActionKind.Won, mac));
        Assert.Null(Links.ReadFormValue(token, SalesActionKind.Won, "SAL.3." + mac + "." + mac));
        Assert.Null(Links.ReadFormValue(token, SalesActionKind.Lost, won));
    }

    private static HandoffLinks With(string secret) => new(new HandoffOptions { LinkSecret = secret });
}
