-- Stage one for one message, atomically: dedup, identity, ticket. The listener sends one call per
-- message of a poll batch in one pipeline; Redis runs them in order, so a message sees what the
-- messages before it did. Every write is idempotent (deterministic ids, SET NX, HSETNX, set and
-- sorted-set members), so a batch rolled back and retried repeats it harmlessly. Key names are the
-- ones documented in the module README (a hash tag per entity).
--
-- ARGV: messageId, contactKey, contentHash, contentWindowMs, derivedCustomerId, derivedTicketId,
--       channel, receivedAt (ISO), receivedAtMs, subject ('' for none), hasSubject ('1'/'0'),
--       rfcMessageId ('' for none), openWindowMs, threadRetentionMs,
--       awaitingFrom (the statuses a joined ticket moves to AWAITING_REPLY from, space-separated),
--       identityChangeRetentionMs, contactCount, contacts..., answeredCount, answered... (In-Reply-To, then References newest first)
-- Reply: {'DUPLICATE_ID'} | {'DUPLICATE_CONTENT', firstMessageId}
--      | {'NEW', customerId, newCustomer, ticketId, newTicket, joinedBy, {merged...}, {contacts...},
--         awaitingReplyFrom ('' when this message did not move its ticket to AWAITING_REPLY),
--         identityChanged ('1' when this message made the customer, gave it a contact or merged others into it)}

local messageId, contact, contentHash, contentWindowMs = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local derivedCustomerId, ownTicket, channel = ARGV[5], ARGV[6], ARGV[7]
local receivedAt, receivedAtMs, subject, hasSubject = ARGV[8], ARGV[9], ARGV[10], ARGV[11]
local rfcMessageId, openWindowMs, threadRetentionMs, awaitingFrom = ARGV[12], ARGV[13], ARGV[14], ARGV[15]
local identityChangeRetentionMs = ARGV[16]
local contactCount = tonumber(ARGV[17])
local contacts = {}
for i = 1, contactCount do contacts[i] = ARGV[17 + i] end
local answeredCount = tonumber(ARGV[18 + contactCount])
local answered = {}
for i = 1, answeredCount do answered[i] = ARGV[18 + contactCount + i] end

-- Dedup: a done-mark means a repeat; a content key held by another id a resubmission; otherwise
-- this id takes the content key (taking it again on a retried batch changes nothing).
if redis.call('EXISTS', 'dedup:{' .. contact .. '}:id:' .. messageId) == 1 then
  return {'DUPLICATE_ID'}
end
local contentKey = 'dedup:{' .. contact .. '}:content:' .. contentHash
if not redis.call('SET', contentKey, messageId, 'NX', 'PX', contentWindowMs) then
  local first = redis.call('GET', contentKey)
  if first and first ~= messageId then
    return {'DUPLICATE_CONTENT', first}
  end
end

-- Identity: contacts resolve to customers (following merges); several customers merge into the
-- smallest id; none known makes a customer whose id is derived from the first contact.
local function contactKey(c) return 'identity:contact:{' .. c .. '}' end
local function contactsKey(id) return 'customer:{' .. id .. '}:contacts' end
local function survivorOf(id)
  for _ = 1, 16 do
    local next = redis.call('GET', 'customer:{' .. id .. '}:merged-into')
    if not next then return id end
    id = next
  end
  return id
end

local known, knownSet, mappedTo = {}, {}, {}
for _, c in ipairs(contacts) do
  local customer = redis.call('GET', contactKey(c))
  mappedTo[c] = customer
  if customer then
    local survivor = survivorOf(customer)
    if not knownSet[survivor] then
      knownSet[survivor] = true
      table.insert(known, survivor)
    end
  end
end
table.sort(known)
local customerId, newCustomer = known[1], '0'
if not customerId then
  customerId = derivedCustomerId
  if redis.call('SET', contactKey(contacts[1]), customerId, 'NX') then
    newCustomer = '1'
  else
    customerId = survivorOf(redis.call('GET', contactKey(contacts[1])))
  end
end
local merged = {}
for _, other in ipairs(known) do
  if other ~= customerId then
    redis.call('SET', 'customer:{' .. other .. '}:merged-into', customerId)
    for _, c in ipairs(redis.call('SMEMBERS', contactsKey(other))) do
      redis.call('SET', contactKey(c), customerId)
      redis.call('SADD', contactsKey(customerId), c)
    end
    table.insert(merged, other)
  end
end
-- A contact already mapped to this very customer is in its contacts set (the two are
-- written together): nothing to write for it, the common case of a returning customer.
local linked = false
for _, c in ipairs(contacts) do
  if mappedTo[c] ~= customerId then
    redis.call('SET', contactKey(c), customerId, 'NX')
    redis.call('SADD', contactsKey(customerId), c)
    linked = linked or not mappedTo[c]
  end
end
local allContacts = redis.call('SMEMBERS', contactsKey(customerId))
table.sort(allContacts)

-- What this message changed about the customer is remembered by its cause, as a ticket's
-- moves are: an attempt rolled back after this script ran left the change made, and the
-- attempt that commits must still report it (the new customer, the merge), not find
-- nothing to do. A customer writing again changes nothing and only looks.
local changeKey = 'customer:{' .. customerId .. '}:identity-change:' .. messageId
local identityChanged = '0'
if newCustomer == '1' or linked or #merged > 0 then
  identityChanged = '1'
  redis.call('SET', changeKey, newCustomer .. ' ' .. table.concat(merged, ' '), 'PX', identityChangeRetentionMs)
else
  local made = redis.call('GET', changeKey)
  if made then
    identityChanged = '1'
    newCustomer = string.sub(made, 1, 1)
    for id in string.gmatch(string.sub(made, 3), '%S+') do table.insert(merged, id) end
  end
end

-- Ticket: the ticket of the email answered, else the customer's open ticket on this channel within
-- the window, else a new ticket with the id derived from the message. Finding that very id means
-- this message opened it in an attempt that was rolled back: it is still the opener.
local function ticketKey(id) return 'ticket:{' .. id .. '}' end
-- A ticket to join: not this message's own (see above), not closed. Its status is kept
-- for the move to AWAITING_REPLY below.
local joinedStatus
local function open(id)
  if not id or id == ownTicket then return false end
  local status = redis.call('HGET', ticketKey(id), 'status')
  if status == 'CLOSED' then return false end
  joinedStatus = status
  return true
end
local ticketId, joinedBy
for _, rfcId in ipairs(answered) do
  local candidate = redis.call('GET', 'ticket:thread:{' .. rfcId .. '}')
  if open(candidate) then
    ticketId, joinedBy = candidate, 'thread'
    break
  end
end
local openKey = 'ticket:open:{' .. customerId .. '}:' .. channel
if not ticketId then
  local candidate = redis.call('GET', openKey)
  if open(candidate) then ticketId, joinedBy = candidate, 'window' end
end
local newTicket = '0'
if not ticketId then
  ticketId, joinedBy, newTicket = ownTicket, 'new', '1'
  local key = ticketKey(ticketId)
  redis.call('HSETNX', key, 'customerId', customerId)
  redis.call('HSETNX', key, 'channel', channel)
  redis.call('HSETNX', key, 'openedAt', receivedAt)
  if hasSubject == '1' then redis.call('HSETNX', key, 'subject', subject) end
end
redis.call('SADD', ticketKey(ticketId) .. ':messages', messageId)
-- The customer's open ticket on the channel was placed by a message of this customer,
-- which added it to the customer's tickets; a ticket found by its thread may be a merged
-- customer's, and a new one is not there yet.
if joinedBy ~= 'window' then
  redis.call('SADD', 'customer:{' .. customerId .. '}:tickets', ticketId)
end
if newTicket == '1' then
  redis.call('HSET', ticketKey(ticketId), 'status', 'OPEN')
  redis.call('ZADD', ticketKey(ticketId) .. ':history', receivedAtMs, 'OPEN|opened by message ' .. messageId)
end
redis.call('SET', openKey, ticketId, 'PX', openWindowMs)
if rfcMessageId ~= '' then
  redis.call('SET', 'ticket:thread:{' .. rfcMessageId .. '}', ticketId, 'PX', threadRetentionMs)
end

-- A customer writing again on a ticket we answered: it awaits a reply again. The move is
-- remembered by its cause, as TicketDesk's moves are, so a retried batch reports it again.
local awaitingReplyFrom = ''
if newTicket == '0' then
  local key = ticketKey(ticketId)
  local field = 'AWAITING_REPLY|' .. messageId
  local made = redis.call('HGET', key .. ':changes', field)
  local status = joinedStatus
  if made then
    awaitingReplyFrom = made
  elseif status and string.find(' ' .. awaitingFrom .. ' ', ' ' .. status .. ' ', 1, true) then
    redis.call('HSET', key, 'status', 'AWAITING_REPLY')
    redis.call('ZADD', key .. ':history', receivedAtMs, 'AWAITING_REPLY|new message ' .. messageId .. ' from the customer')
    redis.call('HSET', key .. ':changes', field, status)
    awaitingReplyFrom = status
  end
end
return {'NEW', customerId, newCustomer, ticketId, newTicket, joinedBy, merged, allContacts, awaitingReplyFrom,
  identityChanged}
