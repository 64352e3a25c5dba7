using System.Text;

namespace LeadFunctions.Webhooks.Tests.SendGrid;

/// <summary>
/// A post as SendGrid sends it, from sendgrid/sendgrid-ruby spec/fixtures/event_webhook.rb: the events array
/// serialized without spaces, followed by CRLF, signed at 1600112502 (the signature is in the verifier's tests).
/// </summary>
internal static class SendGridFixture
{
    public static readonly byte[] DroppedPost = Encoding.UTF8.GetBytes(
        "[{\"email\":\"hello@world.com\",\"event\":\"dropped\",\"reason\":\"Bounced Address\","
        + "\"sg_event_id\":\"ZHJvcC0xMDk5NDkxOS1MUnpYbF9OSFN0T0doUTRrb2ZTbV9BLTA\","
        + "\"sg_message_id\":\"LRzXl_NHStOGhQ4kofSm_A.filterdrecv-p3mdw1-756b745b58-kmzbl-18-5F5FC76C-9.0\","
        + "\"smtp-id\":\"<LRzXl_NHStOGhQ4kofSm_A@ismtpd0039p1iad1.sendgrid.net>\",\"timestamp\":1600112492}]\r\n");
}
