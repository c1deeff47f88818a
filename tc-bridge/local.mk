# tc-bridge: rules come with its issue
