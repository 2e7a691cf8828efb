-- Only the purge of expired reservations (run before a report reads a team). Reply: {1}.
return {1}
