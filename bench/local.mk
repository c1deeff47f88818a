# bench: rules come with its issue
