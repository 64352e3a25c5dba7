using LeadFunctions.Diagnostics;
using LeadFunctions.Notifications;
using LeadFunctions.Qualification;
using LeadFunctions.Sales;

namespace LeadFunctions.Leads;

/// <summary>Every storage port at once, while the services move to the ports they use (removed when they have).</summary>
public interface ILeadStore
    : ILeadRepository, ILeadScoreStore, IDecayReviewIndex, IHandoffOutbox, ISalesActionStore, ILeadErasure, IStorageHealth;
