# viewer: rules come with its issue
