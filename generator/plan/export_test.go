package plan

// Declared returns what the name is in the scope of the channel package, "" when it is not declared there.
func (ch *Channel) Declared(name string) string {
	what, _ := ch.scope.lookup(name)
	return what
}

// TopLevelNames lists the top-level names a file declares: functions (not methods), types, constants and variables.
var TopLevelNames = topLevelNames
