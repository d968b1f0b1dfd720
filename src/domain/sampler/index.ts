export { SAMPLER_ALGORITHM, compareTickets, consistentSample, ticketOf, uniformTicket, type Ticket } from "./sha256-ticket";
