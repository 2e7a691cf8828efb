-- Give a reservation back. ARGV: id. Reply: {1} if it was held, {0} otherwise.
if drop(ARGV[1]) then
  return {1}
end
return {0}
